//! Explanations: why two records are, or are not, one person.
//!
//! An [`Explanation`] lists each field's comparison level and the evidence it adds (match
//! weight in bits, term frequency included), the prior, the total weight and probability, and
//! — when the two records are in one cluster only through others — the chain of links between
//! them. It names fields, levels and record ids, never field values.

use std::collections::VecDeque;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::compare::{MAX_COMPARISONS, MISSING};
use crate::golden::RecordRef;
use crate::guard::GuardReason;
use crate::profile::Records;
use crate::resolve::Resolution;
use crate::score::Model;

/// One field's part of an explanation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldEvidence {
    /// The comparison: a built-in field's name ([`crate::compare::CompareField::as_str`]) or a custom
    /// comparison's name.
    pub field: String,
    /// The level's name (`"missing"` when either side lacks the field).
    pub level: String,
    /// Evidence in bits: `log2(m/u)` plus the term-frequency adjustment (0 when missing).
    pub weight: f64,
}

/// One link of a chain between two records.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChainLink {
    /// From this record.
    pub from: RecordRef,
    /// To this record.
    pub to: RecordRef,
    /// The link's match probability.
    pub probability: f64,
}

/// Why two records are (not) in one cluster.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// The first record.
    pub a: RecordRef,
    /// The second record.
    pub b: RecordRef,
    /// Per-comparison evidence: the built-in fields in [`crate::compare::CompareField::ALL`]
    /// order, then the custom comparisons.
    pub fields: Vec<FieldEvidence>,
    /// Prior log2 odds of a match.
    pub prior_weight: f64,
    /// Total match weight (prior + fields).
    pub weight: f64,
    /// Match probability from the weight.
    pub probability: f64,
    /// The threshold the resolution used.
    pub threshold: f64,
    /// Whether the pair was linked directly (a candidate pair at or above the threshold).
    pub direct_link: bool,
    /// Whether the two records ended in the same cluster.
    pub same_cluster: bool,
    /// When in one cluster without a direct link (or the direct link was cut by the guard): the
    /// shortest chain of kept links joining them.
    pub chain: Vec<ChainLink>,
    /// When the guard stage kept this pair's link out (a household, a conflict between the two
    /// clusters, a conflicting unique identifier, a weak bridge): why. The same list as
    /// [`crate::cluster::ClusterStats::guarded`].
    pub guarded: Option<GuardReason>,
}

impl Resolution {
    /// Explains records `a` and `b` (indices into `profiles`, the records that were resolved:
    /// a slice of profiles or any other [`Records`]).
    /// `None` when an index is out of range.
    ///
    /// ```
    /// use selfsame::{Profile, Resolver};
    /// let profiles = vec![
    ///     Profile::new("crm", "1").with_given_name("Ann").with_family_name("Lee").with_email("ann.lee@example.com"),
    ///     Profile::new("shop", "2").with_given_name("Ann").with_family_name("Lee").with_email("ANN.LEE@example.com").with_phone("4155550134"),
    ///     Profile::new("pos", "3").with_given_name("A.").with_family_name("Lee").with_phone("(415) 555-0134"),
    /// ];
    /// let res = Resolver::default().resolve(&profiles).unwrap();
    /// let e = res.explain(0, 2, &profiles).unwrap();
    /// assert!(e.same_cluster);
    /// assert!(!e.direct_link);
    /// assert_eq!(e.chain.len(), 2); // crm:1 -> shop:2 -> pos:3
    /// println!("{e}");
    /// ```
    pub fn explain<R: Records + ?Sized>(
        &self,
        a: usize,
        b: usize,
        profiles: &R,
    ) -> Option<Explanation> {
        let (na, nb) = (self.normalized.get(a)?, self.normalized.get(b)?);
        if profiles.len() != self.normalized.len() {
            return None;
        }
        let c = self.model.compare(na, nb);
        let model = &self.model;
        let fields: Vec<FieldEvidence> = (0..model.comparisons().min(MAX_COMPARISONS))
            .map(|k| {
                let level = c.levels[k];
                let weight = if level == MISSING {
                    0.0
                } else {
                    model.level_weight(k, level) + self.tf.adjustment_at(model, &c, k)
                };
                FieldEvidence {
                    field: model.comparison_name(k).to_string(),
                    level: model.level_name(k, level),
                    weight,
                }
            })
            .collect();
        let prior_weight = self.model.prior_weight();
        let mut weight = prior_weight + fields.iter().map(|f| f.weight).sum::<f64>();
        // The guard stage's view of the pair, as resolve applied it: a shared unique identifier
        // that is a match by itself raises the weight the link was made with.
        if let crate::guard::PairVerdict::Link(w) = self.guard.pair(na, nb, &c.levels, weight) {
            weight = w;
        }
        let (lo, hi) = (a.min(b) as u32, a.max(b) as u32);
        let direct_link = self
            .links
            .binary_search_by(|l| (l.a, l.b).cmp(&(lo, hi)))
            .is_ok();
        let same_cluster = self.cluster_of(a) == self.cluster_of(b);
        let guarded = self
            .stats
            .guard
            .guarded
            .binary_search_by(|g| (g.a, g.b).cmp(&(lo, hi)))
            .ok()
            .map(|k| self.stats.guard.guarded[k].reason);
        let rec = |i: usize| RecordRef::new(profiles.source(i), profiles.id(i));
        let chain = if same_cluster && a != b {
            self.chain(a, b)
                .windows(2)
                .map(|w| ChainLink {
                    from: rec(w[0].0),
                    to: rec(w[1].0),
                    probability: w[1].1,
                })
                .collect()
        } else {
            Vec::new()
        };
        let chain = if chain.len() == 1 && direct_link {
            Vec::new()
        } else {
            chain
        };
        Some(Explanation {
            a: rec(a),
            b: rec(b),
            fields,
            prior_weight,
            weight,
            probability: Model::probability(weight),
            threshold: self.threshold,
            direct_link,
            same_cluster,
            chain,
            guarded,
        })
    }

    /// Shortest path of links between `a` and `b` inside their cluster (BFS), as
    /// (record, probability of the link reaching it).
    fn chain(&self, a: usize, b: usize) -> Vec<(usize, f64)> {
        let Some(c) = self.cluster_of(a) else {
            return Vec::new();
        };
        let members = &self.clusters[c].members;
        let local = |x: u32| members.binary_search(&x).ok();
        let mut adj: Vec<Vec<(usize, f64)>> = vec![Vec::new(); members.len()];
        // Only links kept inside the cluster (a link cut by the guard joins two clusters).
        for l in &self.links {
            if let (Some(x), Some(y)) = (local(l.a), local(l.b)) {
                adj[x].push((y, l.probability));
                adj[y].push((x, l.probability));
            }
        }
        let (Some(s), Some(t)) = (local(a as u32), local(b as u32)) else {
            return Vec::new();
        };
        let mut prev: Vec<Option<(usize, f64)>> = vec![None; members.len()];
        let mut seen = vec![false; members.len()];
        seen[s] = true;
        let mut queue = VecDeque::from([s]);
        while let Some(v) = queue.pop_front() {
            if v == t {
                break;
            }
            for &(w, p) in &adj[v] {
                if !seen[w] {
                    seen[w] = true;
                    prev[w] = Some((v, p));
                    queue.push_back(w);
                }
            }
        }
        if !seen[t] {
            return Vec::new();
        }
        let mut path = vec![(members[t] as usize, 0.0)];
        let mut v = t;
        while let Some((u, p)) = prev[v] {
            path.last_mut().expect("path is not empty").1 = p;
            path.push((members[u] as usize, 0.0));
            v = u;
        }
        path.reverse();
        // path[k].1 is now the probability of the link from path[k-1]; shift to match.
        let probs: Vec<f64> = path.iter().map(|x| x.1).collect();
        path.iter()
            .enumerate()
            .map(|(k, &(r, _))| (r, if k == 0 { 0.0 } else { probs[k - 1] }))
            .collect()
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}:{} vs {}:{}",
            self.a.source, self.a.record_id, self.b.source, self.b.record_id
        )?;
        writeln!(f, "  {:<16} {:<30} {:>8}", "field", "level", "bits")?;
        writeln!(
            f,
            "  {:<16} {:<30} {:>+8.2}",
            "prior", "", self.prior_weight
        )?;
        for e in &self.fields {
            writeln!(
                f,
                "  {:<16} {:<30} {:>+8.2}",
                e.field.as_str(),
                e.level,
                e.weight
            )?;
        }
        writeln!(
            f,
            "  total weight {:+.2} bits, match probability {:.4} (threshold {})",
            self.weight, self.probability, self.threshold
        )?;
        let reason = match self.guarded {
            Some(GuardReason::Household) => {
                "given names disagree with no personal evidence (household)"
            }
            Some(GuardReason::UniqueIdConflict) => "a unique identifier conflicts",
            Some(GuardReason::BirthDateConflict) => {
                "their clusters hold conflicting dates of birth"
            }
            Some(GuardReason::GivenNameConflict) => "their clusters hold conflicting given names",
            Some(GuardReason::WeakBridge) => "a weak link alone joined two groups",
            Some(GuardReason::Ambiguous) => {
                "a sign-up linking to several groups keeps only its strongest"
            }
            Some(GuardReason::TooManyContacts) => {
                "together they would hold more phones or emails than one person keeps"
            }
            None => "",
        };
        let verdict = match (self.same_cluster, self.direct_link, self.guarded.is_some()) {
            (true, true, _) => "same cluster: linked directly".to_string(),
            (true, false, _) => "same cluster: linked through other records".to_string(),
            (false, _, true) => {
                format!("different clusters: the guard kept the link out: {reason}")
            }
            (false, true, false) => {
                "different clusters: the direct link was cut by the over-merge guard".to_string()
            }
            (false, false, false) => "different clusters: not linked".to_string(),
        };
        writeln!(f, "  {verdict}")?;
        for l in &self.chain {
            writeln!(
                f,
                "    {}:{} -> {}:{} (p = {:.4})",
                l.from.source, l.from.record_id, l.to.source, l.to.record_id, l.probability
            )?;
        }
        Ok(())
    }
}
