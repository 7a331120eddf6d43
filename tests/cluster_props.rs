//! Property tests of `selfsame::cluster`: union-find and the guarded `cluster()` against a naive
//! breadth-first search over random edge lists.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use proptest::prelude::*;
use selfsame::cluster::{cluster, groups, GuardConfig, Link, UnionFind};

mod common;
use common::shuffled;

/// Connected components by BFS; label = smallest member of the component.
fn components(n: usize, edges: &[(u32, u32)]) -> Vec<u32> {
    let mut adj = vec![Vec::new(); n];
    for &(a, b) in edges {
        adj[a as usize].push(b as usize);
        adj[b as usize].push(a as usize);
    }
    let mut label = vec![u32::MAX; n];
    for s in 0..n {
        if label[s] != u32::MAX {
            continue;
        }
        // Visiting in index order, `s` is the smallest member of its component.
        label[s] = s as u32;
        let mut queue = VecDeque::from([s]);
        while let Some(v) = queue.pop_front() {
            for &w in &adj[v] {
                if label[w] == u32::MAX {
                    label[w] = s as u32;
                    queue.push_back(w);
                }
            }
        }
    }
    label
}

/// `n` in 1..=200 and up to `2n` edges between distinct records (`a < b`).
fn graph() -> impl Strategy<Value = (usize, Vec<(u32, u32)>)> {
    (1usize..=200).prop_flat_map(|n| {
        // (a, a + d mod n) with d in 1..n: never a self loop, no rejections.
        let m = n as u32;
        let edge = (0..m, 1..m.max(2)).prop_map(move |(a, d)| {
            let b = (a + d) % m;
            (a.min(b), a.max(b))
        });
        let max_edges = if n < 2 { 0 } else { 2 * n };
        (Just(n), prop::collection::vec(edge, 0..=max_edges))
    })
}

/// A graph with a match probability per edge (some below, some above the bridge threshold).
fn weighted_graph() -> impl Strategy<Value = (usize, Vec<Link>)> {
    graph().prop_flat_map(|(n, edges)| {
        let k = edges.len();
        let probs = prop::collection::vec(
            prop_oneof![0.9f64..0.999, 0.999f64..0.999_999, Just(0.95)],
            k,
        );
        (Just(n), Just(edges), probs).prop_map(|(n, edges, probs)| {
            let links = edges
                .into_iter()
                .zip(probs)
                .map(|((a, b), p)| Link {
                    a,
                    b,
                    weight: (p / (1.0 - p)).log2(),
                    probability: p,
                })
                .collect();
            (n, links)
        })
    })
}

/// Unique identifiers: per record, zero or one value for each of two kinds (small value pools,
/// so that conflicts and agreements both happen).
fn unique_ids(n: usize) -> impl Strategy<Value = Vec<Vec<(u64, u64)>>> {
    let one = (
        prop::option::weighted(0.3, 0u64..3),
        prop::option::weighted(0.2, 0u64..2),
    )
        .prop_map(|(x, y)| {
            let mut ids = Vec::new();
            if let Some(v) = x {
                ids.push((1, 100 + v));
            }
            if let Some(v) = y {
                ids.push((2, 200 + v));
            }
            ids
        });
    prop::collection::vec(one, n)
}

fn no_guard() -> GuardConfig {
    GuardConfig {
        cut_weak_bridges: false,
        ..GuardConfig::default()
    }
}

/// Every record in exactly one group, groups sorted and ordered by smallest member.
fn assert_partition(n: usize, labels: &[u32]) {
    assert_eq!(labels.len(), n);
    let gs = groups(labels);
    let mut seen = vec![0u32; n];
    for g in &gs {
        assert!(!g.is_empty());
        assert!(g.windows(2).all(|w| w[0] < w[1]), "group not sorted: {g:?}");
        for &x in g {
            seen[x as usize] += 1;
            assert_eq!(labels[x as usize], g[0], "label is the smallest member");
        }
    }
    assert!(seen.iter().all(|&c| c == 1), "a record in 0 or 2+ groups");
    assert!(gs.windows(2).all(|w| w[0][0] < w[1][0]));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn union_find_equals_bfs_components((n, edges) in graph()) {
        let mut uf = UnionFind::new(n);
        for &(a, b) in &edges {
            uf.union(a, b);
        }
        let labels = uf.labels();
        prop_assert_eq!(&labels, &components(n, &edges));
        assert_partition(n, &labels);
        // Set sizes agree with the component sizes.
        let mut size: BTreeMap<u32, u32> = BTreeMap::new();
        for &l in &labels {
            *size.entry(l).or_default() += 1;
        }
        for x in 0..n as u32 {
            prop_assert_eq!(uf.set_size(x), size[&labels[x as usize]]);
        }
    }

    #[test]
    fn union_find_labels_independent_of_edge_order((n, edges) in graph(), seed in any::<u64>()) {
        let mut uf = UnionFind::new(n);
        for &(a, b) in &edges {
            uf.union(a, b);
        }
        let mut uf2 = UnionFind::new(n);
        for (a, b) in shuffled(&edges, seed) {
            // Reversed ends too: union is symmetric.
            uf2.union(b, a);
        }
        prop_assert_eq!(uf.labels(), uf2.labels());
    }

    #[test]
    fn unguarded_cluster_equals_connected_components((n, links) in weighted_graph()) {
        let (labels, stats) = cluster(n, &links, &vec![vec![]; n], &no_guard());
        let edges: Vec<(u32, u32)> = links.iter().map(|l| (l.a, l.b)).collect();
        let comps = components(n, &edges);
        prop_assert_eq!(&labels, &comps);
        prop_assert_eq!(stats.conflicts_refused, 0);
        prop_assert_eq!(stats.bridges_cut, 0);
        prop_assert_eq!(stats.splits, 0);
        // Each applied link joined two sets: n - #components of them.
        let k = comps.iter().collect::<BTreeSet<_>>().len();
        prop_assert_eq!(stats.links_applied, n - k);
    }

    #[test]
    fn cluster_labels_independent_of_link_order(
        ((n, links), ids) in weighted_graph().prop_flat_map(|g| {
            let n = g.0;
            (Just(g), unique_ids(n))
        }),
        seed in any::<u64>(),
    ) {
        let guard = GuardConfig::default();
        let (l1, s1) = cluster(n, &links, &ids, &guard);
        let (l2, s2) = cluster(n, &shuffled(&links, seed), &ids, &guard);
        prop_assert_eq!(l1, l2);
        prop_assert_eq!(s1, s2);
    }

    #[test]
    fn guarded_clusters_refine_components_and_respect_unique_ids(
        ((n, links), ids) in weighted_graph().prop_flat_map(|g| {
            let n = g.0;
            (Just(g), unique_ids(n))
        }),
        cut in any::<bool>(),
    ) {
        let guard = GuardConfig { cut_weak_bridges: cut, ..GuardConfig::default() };
        let (labels, stats) = cluster(n, &links, &ids, &guard);
        assert_partition(n, &labels);
        let edges: Vec<(u32, u32)> = links.iter().map(|l| (l.a, l.b)).collect();
        let comps = components(n, &edges);
        for g in groups(&labels) {
            // The guard only splits: a cluster lies inside one connected component...
            prop_assert!(g.iter().all(|&x| comps[x as usize] == comps[g[0] as usize]));
            // ...and never holds two values of one unique kind.
            let mut value_of: BTreeMap<u64, u64> = BTreeMap::new();
            for &x in &g {
                for &(kind, value) in &ids[x as usize] {
                    let v = *value_of.entry(kind).or_insert(value);
                    prop_assert_eq!(v, value, "cluster {:?} holds two values of kind {}", g, kind);
                }
            }
        }
        if !cut {
            prop_assert_eq!(stats.bridges_cut, 0);
        }
    }
}

/// Table of small hand-made cases: (n, links as (a, b, probability), unique ids, expected labels).
#[test]
fn guard_cases() {
    type Case = (
        &'static str,
        usize,
        &'static [(u32, u32, f64)],
        &'static [&'static [(u64, u64)]],
        &'static [u32],
    );
    const CASES: &[Case] = &[
        ("no links", 3, &[], &[&[], &[], &[]], &[0, 1, 2]),
        (
            "chain through a record without id is cut at the weaker link",
            3,
            &[(0, 1, 0.99), (1, 2, 0.98)],
            &[&[(1, 10)], &[], &[(1, 20)]],
            &[0, 0, 2],
        ),
        (
            "equal unique ids merge",
            3,
            &[(0, 1, 0.99), (1, 2, 0.98)],
            &[&[(1, 10)], &[], &[(1, 10)]],
            &[0, 0, 0],
        ),
        (
            "different kinds never conflict",
            2,
            &[(0, 1, 0.99)],
            &[&[(1, 10)], &[(2, 10)]],
            &[0, 0],
        ),
        (
            "weak bridge between two pairs is cut",
            4,
            &[(0, 1, 0.9999), (2, 3, 0.9999), (1, 2, 0.95)],
            &[&[], &[], &[], &[]],
            &[0, 0, 2, 2],
        ),
    ];
    for &(name, n, links, ids, want) in CASES {
        let links: Vec<Link> = links
            .iter()
            .map(|&(a, b, p)| Link {
                a,
                b,
                weight: (p / (1.0 - p)).log2(),
                probability: p,
            })
            .collect();
        let ids: Vec<Vec<(u64, u64)>> = ids.iter().map(|v| v.to_vec()).collect();
        let (labels, _) = cluster(n, &links, &ids, &GuardConfig::default());
        assert_eq!(labels, want, "{name}");
    }
}
