#!/usr/bin/env python3
"""Splink 5 (DuckDB) on a historical_50k-shaped CSV, with the settings Splink's authors use for
historical_50k in their demo (docs/demos/examples/duckdb/deduplicate_50k_synthetic):

comparisons: ForenameSurnameComparison(first_name, surname, with the first_name||' '||surname concat
column for term frequencies), DateOfBirthComparison(dob, string input), PostcodeComparison(postcode_fake),
ExactMatch(birth_place) with TF, ExactMatch(occupation) with TF. (No gender comparison, as in the demo.)
blocking: the demo's 10 rules. training: probability_two_random_records_match from 3 deterministic rules
at recall 0.6, u by random sampling (max_pairs 1e7 as in the demo, --max-u-pairs to change), m by EM on
block_on(first_name, surname) and block_on(dob), estimate_without_term_frequencies=True.

usage: python splink_historical.py INPUT.csv OUTDIR [--max-u-pairs N]
Writes OUTDIR/clusters_<thr>.csv (record_id,cluster_id) for thresholds 0.5 and 0.9 (and 0.95, the
demo's); prints phase timings as JSON last.
"""
import json
import logging
import pathlib
import sys
import time

import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

logging.getLogger("splink").setLevel(40)
inp, outdir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
max_u = float(sys.argv[sys.argv.index("--max-u-pairs") + 1]) if "--max-u-pairs" in sys.argv else 1e7
outdir.mkdir(parents=True, exist_ok=True)

t0 = time.perf_counter()
df = pd.read_csv(inp, dtype=str, keep_default_na=False)
keep = ["record_id", "first_name", "surname", "dob", "birth_place", "postcode_fake", "gender", "occupation"]
df = df[keep].replace({"": None})
# as in the demo: concat column so the forename-surname comparison can use term frequencies
df["first_name_surname_concat"] = df["first_name"] + " " + df["surname"]
t_prep = time.perf_counter()

blocking_rules = [
    block_on("substr(first_name,1,3)", "substr(surname,1,4)"),
    block_on("surname", "dob"),
    block_on("first_name", "dob"),
    block_on("postcode_fake", "first_name"),
    block_on("postcode_fake", "surname"),
    block_on("dob", "birth_place"),
    block_on("substr(postcode_fake,1,3)", "dob"),
    block_on("substr(postcode_fake,1,3)", "first_name"),
    block_on("substr(postcode_fake,1,3)", "surname"),
    block_on("substr(first_name,1,2)", "substr(surname,1,2)", "substr(dob,1,4)"),
]
settings = SettingsCreator(
    unique_id_column_name="record_id",
    link_type="dedupe_only",
    blocking_rules_to_generate_predictions=blocking_rules,
    comparisons=[
        cl.ForenameSurnameComparison("first_name", "surname",
                                     forename_surname_concat_col_name="first_name_surname_concat"),
        cl.DateOfBirthComparison("dob", input_is_string=True),
        cl.PostcodeComparison("postcode_fake"),
        cl.ExactMatch("birth_place").configure(term_frequency_adjustments=True),
        cl.ExactMatch("occupation").configure(term_frequency_adjustments=True),
    ],
)
db_api = DuckDBAPI()
linker = Linker(db_api.register(df), settings)
t_load = time.perf_counter()
linker.training.estimate_probability_two_random_records_match(
    [
        block_on("first_name", "surname", "dob"),
        block_on("substr(first_name,1,2)", "surname", "substr(postcode_fake,1,2)"),
        block_on("dob", "postcode_fake"),
    ],
    recall=0.6,
)
linker.training.estimate_u_using_random_sampling(max_pairs=max_u, seed=1)
linker.training.estimate_parameters_using_expectation_maximisation(
    block_on("first_name", "surname"), estimate_without_term_frequencies=True)
linker.training.estimate_parameters_using_expectation_maximisation(
    block_on("dob"), estimate_without_term_frequencies=True)
t_train = time.perf_counter()
pred = linker.inference.predict(threshold_match_probability=0.2)
n_pairs = pred.as_duckdbpyrelation().count("*").fetchall()[0][0]
t_pred = time.perf_counter()
timings = {}
for thr in (0.5, 0.9, 0.95):
    tc = time.perf_counter()
    c = linker.clustering.cluster_pairwise_predictions_at_threshold(pred, threshold_match_probability=thr)
    c.as_duckdbpyrelation().select("record_id, cluster_id").to_csv(str(outdir / f"clusters_{thr}.csv"), header=True)
    timings[f"cluster_{thr}_s"] = round(time.perf_counter() - tc, 3)
print(json.dumps({"input": inp.name, "records": len(df), "max_u_pairs": max_u,
                  "prep_s": round(t_prep - t0, 3), "load_s": round(t_load - t_prep, 3),
                  "train_s": round(t_train - t_load, 3), "predict_s": round(t_pred - t_train, 3),
                  "pairs_above_0.2": n_pairs, **timings,
                  "total_to_clusters_0.9_s": round(t_pred - t0 + timings["cluster_0.9_s"], 3)}))
