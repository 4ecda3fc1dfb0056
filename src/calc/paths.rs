//! The smallest sets of unmet capabilities that would close a points gap.
//!
//! Exact, not greedy: with at most a few dozen capabilities, sets are enumerated by
//! size, smallest first, with two prunings (the set can no longer reach the gap; the
//! set can no longer beat the alternatives already kept). Order: fewest capabilities,
//! then fewest points over the gap, then program order of the capabilities. A set that
//! contains a path already listed is left out: adding capabilities to a path that
//! already closes the gap is never a better plan.

use serde::Serialize;

/// One way to close the gap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShortestPath {
    /// Capability ids to meet, in program order.
    pub capabilities: Vec<String>,
    /// Their names, same order.
    pub names: Vec<String>,
    /// Points they add.
    pub points_added: u64,
    /// Points beyond the gap (`points_added - gap`).
    pub points_over: u64,
}

/// A capability not yet met: its position in the program (for a stable order), id,
/// name and points.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Position in the program's capability list.
    pub position: usize,
    /// Capability id.
    pub id: String,
    /// Capability name.
    pub name: String,
    /// Points when met.
    pub points: u64,
}

/// Up to `limit` sets of candidates whose points reach `gap`, best first. Empty when
/// the gap is 0 or when even all candidates together fall short.
pub fn shortest_paths(candidates: &[Candidate], gap: u64, limit: usize) -> Vec<ShortestPath> {
    if gap == 0 || limit == 0 {
        return Vec::new();
    }
    // Largest points first so "the best the rest could add" is a prefix sum; ties keep
    // program order so the search, and so its output, is deterministic.
    let mut items: Vec<&Candidate> = candidates.iter().collect();
    items.sort_by(|a, b| b.points.cmp(&a.points).then(a.position.cmp(&b.position)));
    let points: Vec<u64> = items.iter().map(|c| c.points).collect();
    let mut prefix = vec![0u64; points.len() + 1];
    for (i, p) in points.iter().enumerate() {
        prefix[i + 1] = prefix[i] + p;
    }
    if prefix[points.len()] < gap {
        return Vec::new();
    }

    let mut found: Vec<Found> = Vec::new();
    for size in 1..=items.len() {
        if prefix[size] < gap {
            continue; // even the largest `size` capabilities fall short
        }
        let mut best: Vec<Found> = Vec::new();
        let mut search = Search {
            points: &points,
            prefix: &prefix,
            items: &items,
            gap,
            size,
            keep: limit - found.len(),
            listed: &found,
            best: &mut best,
        };
        let mut chosen = Vec::with_capacity(size);
        search.walk(0, 0, &mut chosen);
        found.extend(best);
        if found.len() >= limit {
            break;
        }
    }
    found
        .into_iter()
        .take(limit)
        .map(|f| {
            let mut chosen: Vec<&Candidate> = f.indices.iter().map(|i| items[*i]).collect();
            chosen.sort_by_key(|c| c.position);
            ShortestPath {
                capabilities: chosen.iter().map(|c| c.id.clone()).collect(),
                names: chosen.iter().map(|c| c.name.clone()).collect(),
                points_added: f.sum,
                points_over: f.sum - gap,
            }
        })
        .collect()
}

/// A set found during the search: indices into the sorted items, its program
/// positions (sorted, for the tie-break) and its points.
#[derive(Debug, Clone)]
struct Found {
    indices: Vec<usize>,
    positions: Vec<usize>,
    sum: u64,
}

/// The enumeration of sets of one size.
struct Search<'a> {
    points: &'a [u64],
    prefix: &'a [u64],
    items: &'a [&'a Candidate],
    gap: u64,
    size: usize,
    keep: usize,
    listed: &'a [Found],
    best: &'a mut Vec<Found>,
}

impl Search<'_> {
    fn walk(&mut self, start: usize, sum: u64, chosen: &mut Vec<usize>) {
        let left = self.size - chosen.len();
        if left == 0 {
            if sum >= self.gap {
                self.offer(sum, chosen);
            }
            return;
        }
        let n = self.points.len();
        if n - start < left {
            return;
        }
        // The most the remaining picks can add: the next `left` items (sorted largest first).
        if sum + (self.prefix[start + left] - self.prefix[start]) < self.gap {
            return;
        }
        // The least they can add: the last `left` items. If even that overshoots more
        // than the worst kept set, nothing down this branch can be kept.
        if self.best.len() == self.keep {
            let least = sum + (self.prefix[n] - self.prefix[n - left]);
            let worst_over = self.best.last().map_or(u64::MAX, |f| f.sum - self.gap);
            if least.saturating_sub(self.gap) > worst_over {
                return;
            }
        }
        for i in start..n {
            if n - i < left {
                break;
            }
            chosen.push(i);
            self.walk(i + 1, sum + self.points[i], chosen);
            chosen.pop();
        }
    }

    /// Keeps the set if it is among the `keep` best of this size.
    fn offer(&mut self, sum: u64, chosen: &[usize]) {
        let mut positions: Vec<usize> = chosen.iter().map(|i| self.items[*i].position).collect();
        positions.sort_unstable();
        let contains_listed = self.listed.iter().any(|f| {
            f.positions
                .iter()
                .all(|p| positions.binary_search(p).is_ok())
        });
        if contains_listed {
            return;
        }
        let candidate = Found {
            indices: chosen.to_vec(),
            positions,
            sum,
        };
        let better = |a: &Found, b: &Found| (a.sum, &a.positions) < (b.sum, &b.positions);
        let at = self
            .best
            .iter()
            .position(|f| better(&candidate, f))
            .unwrap_or(self.best.len());
        if at < self.keep {
            self.best.insert(at, candidate);
            self.best.truncate(self.keep);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidates(points: &[u64]) -> Vec<Candidate> {
        points
            .iter()
            .enumerate()
            .map(|(i, p)| Candidate {
                position: i,
                id: format!("c{i}"),
                name: format!("C{i}"),
                points: *p,
            })
            .collect()
    }

    /// Brute force over all subsets, for comparison: every set reaching the gap, sorted,
    /// keeping those that contain no set already kept.
    fn brute(points: &[u64], gap: u64, limit: usize) -> Vec<(usize, u64, Vec<usize>)> {
        let n = points.len();
        let mut all = Vec::new();
        for mask in 1u32..(1 << n) {
            let set: Vec<usize> = (0..n).filter(|i| mask & (1 << i) != 0).collect();
            let sum: u64 = set.iter().map(|i| points[*i]).sum();
            if sum >= gap {
                all.push((set.len(), sum - gap, set));
            }
        }
        all.sort();
        let mut kept: Vec<(usize, u64, Vec<usize>)> = Vec::new();
        for candidate in all {
            let superset = kept
                .iter()
                .any(|k| k.2.iter().all(|i| candidate.2.contains(i)));
            if !superset && kept.len() < limit {
                kept.push(candidate);
            }
        }
        kept
    }

    #[test]
    fn matches_brute_force() {
        let points = [5, 3, 1, 5, 3, 1, 1, 5, 3, 5, 1, 3];
        for gap in 1..=36 {
            let got = shortest_paths(&candidates(&points), gap, 5);
            let want = brute(&points, gap, 5);
            let got: Vec<(usize, u64, Vec<usize>)> = got
                .iter()
                .map(|p| {
                    let set: Vec<usize> = p
                        .capabilities
                        .iter()
                        .map(|id| id[1..].parse().unwrap())
                        .collect();
                    (set.len(), p.points_over, set)
                })
                .collect();
            assert_eq!(got, want, "gap {gap}");
        }
    }

    #[test]
    fn nothing_when_unreachable_or_closed() {
        assert!(shortest_paths(&candidates(&[1, 3]), 5, 5).is_empty());
        assert!(shortest_paths(&candidates(&[1, 3]), 0, 5).is_empty());
    }
}
