//! Clustering: union-find over matched pairs, with an over-merge guard on the graph alone.
//!
//! [`cluster()`] sees only links and identifier hashes, so it applies the rules that need no
//! record data. The full guard — household, generic values, exact duplicates and cluster
//! coherence (conflicting birth dates or given names) — is [`crate::guard::Guard::cluster`],
//! which `Resolver::resolve` uses and which builds on this module.
//!
//! Links are applied strongest first (by match weight, ties by record index) to a union-find
//! with path halving and union by size (O(α(n)) per operation). Two guards stop connected
//! components from chaining different people together:
//!
//! * **cannot-link**: a union is refused when the two sets would then hold two different
//!   values of an identifier declared unique per person (a hard conflict);
//! * **weak bridges**: inside a component, a link below [`GuardConfig::bridge_probability`]
//!   whose removal splits the component into two parts of at least two records each is cut —
//!   one doubtful link must not glue two well-linked groups (two people of one household, two
//!   namesakes).
//!
//! Every refused or cut link is counted in [`ClusterStats`].

use serde::{Deserialize, Serialize};

/// Disjoint sets over `0..n` with path halving and union by size.
///
/// ```
/// use selfsame::cluster::UnionFind;
/// let mut uf = UnionFind::new(4);
/// uf.union(0, 1);
/// uf.union(2, 3);
/// assert_eq!(uf.find(1), uf.find(0));
/// assert_ne!(uf.find(1), uf.find(2));
/// assert_eq!(uf.labels(), vec![0, 0, 2, 2]);
/// ```
#[derive(Clone, Debug)]
pub struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    /// `n` singleton sets.
    pub fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    /// Representative of `x`'s set.
    pub fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = p;
        }
        x
    }

    /// Merges the sets of `a` and `b`; returns false when they were already one set.
    pub fn union(&mut self, a: u32, b: u32) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        let (big, small) = if self.size[ra as usize] >= self.size[rb as usize] {
            (ra, rb)
        } else {
            (rb, ra)
        };
        self.parent[small as usize] = big;
        self.size[big as usize] += self.size[small as usize];
        true
    }

    /// Number of elements in `x`'s set.
    pub fn set_size(&mut self, x: u32) -> u32 {
        let r = self.find(x);
        self.size[r as usize]
    }

    /// A label per element: the smallest element of its set (independent of union order).
    pub fn labels(&mut self) -> Vec<u32> {
        let n = self.parent.len();
        let mut min_of_root = vec![u32::MAX; n];
        for x in 0..n as u32 {
            let r = self.find(x) as usize;
            min_of_root[r] = min_of_root[r].min(x);
        }
        (0..n as u32)
            .map(|x| min_of_root[self.find(x) as usize])
            .collect()
    }
}

/// Groups `0..n` by label into clusters, each sorted, clusters ordered by smallest member.
///
/// ```
/// assert_eq!(selfsame::cluster::groups(&[0, 0, 2, 0]), vec![vec![0, 1, 3], vec![2]]);
/// ```
pub fn groups(labels: &[u32]) -> Vec<Vec<u32>> {
    let mut index = vec![u32::MAX; labels.len()];
    let mut out: Vec<Vec<u32>> = Vec::new();
    for (x, &l) in labels.iter().enumerate() {
        let slot = &mut index[l as usize];
        if *slot == u32::MAX {
            *slot = out.len() as u32;
            out.push(Vec::new());
        }
        out[*slot as usize].push(x as u32);
    }
    out
}

pub use crate::guard::GuardConfig;

/// A link between two records: indices `a < b`, match weight and probability.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// First record index.
    pub a: u32,
    /// Second record index.
    pub b: u32,
    /// Match weight (log2 odds).
    pub weight: f64,
    /// Match probability.
    pub probability: f64,
}

pub use crate::guard::{GuardReason, GuardedLink};

/// What the guard did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterStats {
    /// Every link the guard kept out, sorted by record indices (the list behind the counts below).
    pub guarded: Vec<GuardedLink>,
    /// Pairs above the threshold not linked by the household guard.
    pub household_refused: usize,
    /// Links applied (that joined two sets).
    pub links_applied: usize,
    /// Links refused because they would join conflicting unique identifiers.
    pub conflicts_refused: usize,
    /// Merges refused because the two clusters hold conflicting dates of birth or given names
    /// (see [`GuardConfig::coherence`]).
    pub coherence_refused: usize,
    /// Weak bridge links cut.
    pub bridges_cut: usize,
    /// Components split by the guard (a refused or cut link that left them apart).
    pub splits: usize,
}

/// Clusters `n` records from links. `unique_ids[i]` holds record i's identifiers declared unique,
/// as (kind hash, value hash); two sets holding the same kind with different values are never
/// joined.
///
/// Returns a label per record (smallest member of its cluster) and the guard's figures.
///
/// ```
/// use selfsame::cluster::{cluster, GuardConfig, Link};
/// let l = |a, b, p: f64| Link { a, b, weight: (p / (1.0 - p)).log2(), probability: p };
/// // 0-1 and 2-3 are strong pairs; 1-2 a weak bridge between them.
/// let links = [l(0, 1, 0.9999), l(2, 3, 0.9999), l(1, 2, 0.95)];
/// let (labels, stats) = cluster(4, &links, &vec![vec![]; 4], &GuardConfig::default());
/// assert_eq!(labels, vec![0, 0, 2, 2]);
/// assert_eq!(stats.bridges_cut, 1);
/// ```
pub fn cluster(
    n: usize,
    links: &[Link],
    unique_ids: &[Vec<(u64, u64)>],
    guard: &GuardConfig,
) -> (Vec<u32>, ClusterStats) {
    let mut stats = ClusterStats::default();
    let order = strongest_first(links);
    let mut uf = UnionFind::new(n);
    // Unique identifiers held by each set, kept at the set's root.
    let mut held: Vec<Vec<(u64, u64)>> = unique_ids.to_vec();
    held.resize(n, Vec::new());
    let mut applied: Vec<&Link> = Vec::new();
    let mut refused: Vec<(u32, u32)> = Vec::new();
    for link in order {
        let (ra, rb) = (uf.find(link.a), uf.find(link.b));
        if ra == rb {
            applied.push(link);
            continue;
        }
        if conflicts(&held[ra as usize], &held[rb as usize]) {
            stats.conflicts_refused += 1;
            refused.push((link.a, link.b));
            stats.guarded.push(GuardedLink {
                a: link.a,
                b: link.b,
                reason: GuardReason::UniqueIdConflict,
            });
            continue;
        }
        uf.union(ra, rb);
        let root = uf.find(ra);
        let other = if root == ra { rb } else { ra };
        let moved = std::mem::take(&mut held[other as usize]);
        held[root as usize].extend(moved);
        held[root as usize].sort_unstable();
        held[root as usize].dedup();
        stats.links_applied += 1;
        applied.push(link);
    }
    stats.splits += splits(&mut uf, &refused);

    let mut labels = uf.labels();
    if guard.cut_weak_bridges {
        cut_bridges(&mut labels, &applied, guard.bridge_probability, &mut stats);
    }
    stats.guarded.sort_by_key(|g| (g.a, g.b));
    (labels, stats)
}

/// Links by descending weight, ties by record indices: the order every clustering applies them
/// in, whatever order they came in.
pub(crate) fn strongest_first(links: &[Link]) -> Vec<&Link> {
    use rayon::prelude::*;
    let mut order: Vec<&Link> = links.iter().collect();
    order.par_sort_unstable_by(|x, y| {
        y.weight
            .total_cmp(&x.weight)
            .then_with(|| (x.a, x.b).cmp(&(y.a, y.b)))
    });
    order
}

/// Components a set of refused links split: distinct pairs of sets their two ends stayed in.
pub(crate) fn splits(uf: &mut UnionFind, refused: &[(u32, u32)]) -> usize {
    let mut pairs: Vec<(u32, u32)> = refused
        .iter()
        .map(|&(a, b)| (uf.find(a), uf.find(b)))
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (a.min(b), a.max(b)))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs.len()
}

fn conflicts(a: &[(u64, u64)], b: &[(u64, u64)]) -> bool {
    a.iter()
        .any(|&(kind, value)| b.iter().any(|&(k, v)| k == kind && v != value))
}

/// Cuts weak bridges inside each component, re-labelling the records.
pub(crate) fn cut_bridges(
    labels: &mut [u32],
    links: &[&Link],
    bridge_probability: f64,
    stats: &mut ClusterStats,
) {
    use rayon::prelude::*;
    // Links grouped by component (label), deterministic order (no two links share both ends).
    let mut by_comp: Vec<(u32, &Link)> = links.iter().map(|l| (labels[l.a as usize], *l)).collect();
    by_comp.par_sort_unstable_by(|x, y| {
        x.0.cmp(&y.0)
            .then_with(|| (x.1.a, x.1.b).cmp(&(y.1.a, y.1.b)))
    });
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    while start < by_comp.len() {
        let comp = by_comp[start].0;
        let mut end = start;
        while end < by_comp.len() && by_comp[end].0 == comp {
            end += 1;
        }
        if end - start >= 3 {
            ranges.push(start..end);
        }
        start = end;
    }
    // Components apart in parallel; their new labels and cut links applied in component order.
    let found: Vec<Split> = ranges
        .into_par_iter()
        .filter_map(|r| {
            let comp_links: Vec<&Link> = by_comp[r].iter().map(|x| x.1).collect();
            split_component(&comp_links, bridge_probability)
        })
        .collect();
    for (relabel, cut) in found {
        for (node, label) in relabel {
            labels[node as usize] = label;
        }
        stats.bridges_cut += cut.len();
        stats.splits += cut.len();
        stats.guarded.extend(cut);
    }
}

/// A component's new labels (record, label) and the links cut apart.
type Split = (Vec<(u32, u32)>, Vec<GuardedLink>);

/// Finds bridges (Tarjan, iterative) in one component and removes the weak ones whose both
/// sides hold at least two records: the component's new labels (record, label) and the links
/// cut, or `None` when none is cut.
fn split_component(links: &[&Link], bridge_probability: f64) -> Option<Split> {
    let mut nodes: Vec<u32> = links.iter().flat_map(|l| [l.a, l.b]).collect();
    nodes.sort_unstable();
    nodes.dedup();
    if nodes.len() < 4 {
        return None;
    }
    let local = |x: u32| nodes.binary_search(&x).expect("node of its own component") as u32;
    let n = nodes.len();
    let mut adj: Vec<Vec<(u32, usize)>> = vec![Vec::new(); n];
    for (e, l) in links.iter().enumerate() {
        let (a, b) = (local(l.a), local(l.b));
        adj[a as usize].push((b, e));
        adj[b as usize].push((a, e));
    }
    // Iterative DFS computing discovery times, low links and subtree sizes.
    let mut disc = vec![u32::MAX; n];
    let mut low = vec![0u32; n];
    let mut sub = vec![1u32; n];
    let mut parent_edge = vec![usize::MAX; n];
    let mut bridges: Vec<(usize, u32)> = Vec::new(); // (edge, child-side size)
    let mut time = 0u32;
    let mut stack: Vec<(u32, usize)> = vec![(0, 0)];
    disc[0] = 0;
    low[0] = 0;
    while let Some(&mut (v, ref mut i)) = stack.last_mut() {
        if *i < adj[v as usize].len() {
            let (w, e) = adj[v as usize][*i];
            *i += 1;
            if e == parent_edge[v as usize] {
                continue;
            }
            if disc[w as usize] == u32::MAX {
                time += 1;
                disc[w as usize] = time;
                low[w as usize] = time;
                parent_edge[w as usize] = e;
                stack.push((w, 0));
            } else {
                low[v as usize] = low[v as usize].min(disc[w as usize]);
            }
        } else {
            stack.pop();
            if let Some(&(p, _)) = stack.last() {
                low[p as usize] = low[p as usize].min(low[v as usize]);
                sub[p as usize] += sub[v as usize];
                if low[v as usize] > disc[p as usize] {
                    bridges.push((parent_edge[v as usize], sub[v as usize]));
                }
            }
        }
    }
    let total = n as u32;
    let cut: Vec<usize> = bridges
        .into_iter()
        .filter(|&(e, side)| {
            links[e].probability < bridge_probability && side >= 2 && total - side >= 2
        })
        .map(|(e, _)| e)
        .collect();
    if cut.is_empty() {
        return None;
    }
    let mut uf = UnionFind::new(n);
    for (e, l) in links.iter().enumerate() {
        if !cut.contains(&e) {
            uf.union(local(l.a), local(l.b));
        }
    }
    let sub_labels = uf.labels();
    let relabel = nodes
        .iter()
        .zip(&sub_labels)
        .map(|(&node, &l)| (node, nodes[l as usize]))
        .collect();
    let cut = cut
        .iter()
        .map(|&e| GuardedLink {
            a: links[e].a,
            b: links[e].b,
            reason: GuardReason::WeakBridge,
        })
        .collect();
    Some((relabel, cut))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(a: u32, b: u32, p: f64) -> Link {
        Link {
            a,
            b,
            weight: (p / (1.0 - p)).log2(),
            probability: p,
        }
    }

    #[test]
    fn unique_id_conflict_refuses_chain() {
        // 0 and 2 hold different unique ids; 1 links to both.
        let ids = vec![vec![(1, 10)], vec![], vec![(1, 20)]];
        let links = [l(0, 1, 0.99), l(1, 2, 0.98)];
        let (labels, stats) = cluster(3, &links, &ids, &GuardConfig::default());
        assert_eq!(labels, vec![0, 0, 2]);
        assert_eq!(stats.conflicts_refused, 1);
        assert_eq!(stats.splits, 1);
        assert_eq!(
            stats.guarded,
            vec![GuardedLink {
                a: 1,
                b: 2,
                reason: GuardReason::UniqueIdConflict
            }]
        );
    }

    #[test]
    fn strong_bridge_is_kept() {
        let links = [l(0, 1, 0.9999), l(2, 3, 0.9999), l(1, 2, 0.99999)];
        let (labels, stats) = cluster(4, &links, &vec![vec![]; 4], &GuardConfig::default());
        assert_eq!(labels, vec![0; 4]);
        assert_eq!(stats.bridges_cut, 0);
    }

    #[test]
    fn pendant_weak_link_is_kept() {
        // A record hanging on one weak link is not a bridge between two groups.
        let links = [
            l(0, 1, 0.9999),
            l(1, 2, 0.9999),
            l(0, 2, 0.9999),
            l(2, 3, 0.9),
        ];
        let (labels, _) = cluster(4, &links, &vec![vec![]; 4], &GuardConfig::default());
        assert_eq!(labels, vec![0; 4]);
    }
}
