//! Cross-row checks, with bounded memory.
//!
//! Every map here stops growing at a cap (1,000,000 distinct keys by default); rows
//! whose key is new once the cap is reached are not checked, and the result says so.
//!
//! - [`OnePerKey`]: each value of a key column goes with one value of another column
//!   (one SkuId per SkuPriceId, one ServiceCategory per ServiceName, …).
//! - [`Amortization`]: per CommitmentDiscountId, the EffectiveCost of its Used and
//!   Unused rows against the BilledCost of its purchases.
//! - [`SampleStats`]: the certification's sample requirements (at least one complete
//!   billing period, a representative mix of charge categories) and charge periods
//!   outside their billing period.

use std::collections::{BTreeMap, HashMap, HashSet};

use std::hash::{BuildHasherDefault, Hasher};

use super::number::Number;
use crate::byte_map::ByteMap;
use crate::bytes;

/// A fast non-cryptographic hasher (the multiply-rotate of rustc's FxHash). The keys are
/// the user's own data hashed on their own machine, so hash flooding is no concern,
/// and the default SipHash would be a large part of the cross-row cost.
#[derive(Debug, Default, Clone, Copy)]
pub struct FastHasher(u64);

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_i64(&mut self, i: i64) {
        self.add(i as u64);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash map using [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;
/// A hash set using [`FastHasher`].
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FastHasher>>;

/// Default cap on the distinct keys any cross-row map holds.
pub const DEFAULT_KEY_CAP: usize = 1_000_000;

/// One value per key, across rows.
#[derive(Debug, Default)]
pub struct OnePerKey {
    first: ByteMap<Box<[u8]>>,
    conflicting: ByteMap<()>,
    cap: usize,
    /// Rows not checked because their key was new after the cap was reached.
    pub unchecked_rows: u64,
}

/// What [`OnePerKey::observe`] found about a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyOutcome {
    /// The row agrees with the first value seen for its key.
    Consistent,
    /// The row has another value than the first seen for its key (which is returned).
    Conflict(String),
    /// The map is full and the key is new: not checked.
    Unchecked,
}

impl OnePerKey {
    /// An empty map holding at most `cap` keys.
    pub fn new(cap: usize) -> Self {
        OnePerKey {
            cap,
            ..OnePerKey::default()
        }
    }

    /// Records a (key, value) row.
    pub fn observe(&mut self, key: &[u8], value: &[u8]) -> KeyOutcome {
        match self.first.get(key) {
            Some(first) if bytes::equal(first, value) => KeyOutcome::Consistent,
            Some(first) => {
                if self.conflicting.len() < self.cap {
                    self.conflicting.insert(key, ());
                }
                KeyOutcome::Conflict(String::from_utf8_lossy(first).into_owned())
            }
            None if self.first.len() >= self.cap => {
                self.unchecked_rows += 1;
                KeyOutcome::Unchecked
            }
            None => {
                self.first.insert(key, value.into());
                KeyOutcome::Consistent
            }
        }
    }

    /// Distinct keys seen (up to the cap).
    pub fn keys(&self) -> usize {
        self.first.len()
    }

    /// Keys that had more than one value.
    pub fn conflicting_keys(&self) -> usize {
        self.conflicting.len()
    }

    /// True when the cap was reached.
    pub fn cap_reached(&self) -> bool {
        self.first.len() >= self.cap
    }
}

/// Merged half-open intervals `[start, end)`, bounded in count.
#[derive(Debug, Clone, Default)]
pub struct IntervalSet {
    /// start → end, non-overlapping and non-adjacent.
    spans: BTreeMap<i64, i64>,
    /// True when the cap stopped the set from recording an interval.
    pub overflowed: bool,
}

/// Most disjoint intervals one billing period keeps.
const MAX_INTERVALS: usize = 100_000;

impl IntervalSet {
    /// Adds `[start, end)`, merging with overlapping or touching intervals.
    pub fn insert(&mut self, start: i64, end: i64) {
        if start >= end {
            return;
        }
        let (mut s, mut e) = (start, end);
        if let Some((&ps, &pe)) = self.spans.range(..=s).next_back() {
            if pe >= e {
                return; // Already covered: the common case for hourly data.
            }
            if pe >= s {
                s = ps;
                e = e.max(pe);
            }
        }
        let absorbed: Vec<i64> = self.spans.range(s..=e).map(|(&k, _)| k).collect();
        if absorbed.is_empty() && self.spans.len() >= MAX_INTERVALS {
            self.overflowed = true;
            return;
        }
        for k in absorbed {
            if let Some(v) = self.spans.remove(&k) {
                e = e.max(v);
            }
        }
        self.spans.insert(s, e);
    }

    /// True when the intervals cover `[start, end)` without a gap.
    pub fn covers(&self, start: i64, end: i64) -> bool {
        match self.spans.range(..=start).next_back() {
            Some((_, &e)) => e >= end,
            None => false,
        }
    }

    /// The covered length inside `[start, end)`, in seconds.
    pub fn covered_within(&self, start: i64, end: i64) -> i64 {
        self.spans
            .iter()
            .map(|(&s, &e)| (e.min(end) - s.max(start)).max(0))
            .sum()
    }
}

/// The totals of one commitment discount.
#[derive(Debug, Clone)]
pub struct CommitmentTotals {
    /// Sum of BilledCost over its Purchase rows.
    pub purchase_billed: Number,
    /// Purchase rows seen.
    pub purchase_rows: u64,
    /// Earliest ChargePeriodStart and latest ChargePeriodEnd of its Purchase rows.
    pub purchase_term: Option<(i64, i64)>,
    /// Sum of EffectiveCost over its Usage rows marked Used or Unused.
    pub usage_effective: Number,
    /// Usage rows seen.
    pub usage_rows: u64,
    /// Earliest start and latest end of its usage rows.
    pub usage_span: Option<(i64, i64)>,
    /// Largest number of decimal places among the summed values.
    pub scale: u32,
}

impl Default for CommitmentTotals {
    fn default() -> Self {
        CommitmentTotals {
            purchase_billed: Number::Exact {
                mantissa: 0,
                scale: 0,
            },
            purchase_rows: 0,
            purchase_term: None,
            usage_effective: Number::Exact {
                mantissa: 0,
                scale: 0,
            },
            usage_rows: 0,
            usage_span: None,
            scale: 0,
        }
    }
}

fn widen(span: Option<(i64, i64)>, start: Option<i64>, end: Option<i64>) -> Option<(i64, i64)> {
    match (span, start, end) {
        (Some((s, e)), Some(a), Some(b)) => Some((s.min(a), e.max(b))),
        (None, Some(a), Some(b)) => Some((a, b)),
        (span, _, _) => span,
    }
}

/// Per-commitment sums for the amortization check.
#[derive(Debug, Default)]
pub struct Amortization {
    /// Totals by CommitmentDiscountId.
    pub commitments: ByteMap<CommitmentTotals>,
    cap: usize,
    /// Rows not counted because the cap was reached.
    pub unchecked_rows: u64,
}

/// The verdict on one commitment.
#[derive(Debug, Clone, PartialEq)]
pub enum CommitmentVerdict {
    /// The sample covers the purchase term and the sums agree.
    Balanced,
    /// The sample covers the purchase term and the sums differ.
    Unbalanced {
        /// Sum of EffectiveCost of the usage rows.
        usage: f64,
        /// Sum of BilledCost of the purchases.
        purchase: f64,
    },
    /// The sample does not cover the purchase term (or has no purchase): information only.
    Incomplete,
}

impl Amortization {
    /// An empty accumulator holding at most `cap` commitments.
    pub fn new(cap: usize) -> Self {
        Amortization {
            cap,
            ..Amortization::default()
        }
    }

    fn entry(&mut self, id: &[u8]) -> Option<&mut CommitmentTotals> {
        if !self.commitments.contains_key(id) {
            if self.commitments.len() >= self.cap {
                self.unchecked_rows += 1;
                return None;
            }
            self.commitments.insert(id, CommitmentTotals::default());
        }
        self.commitments.get_mut(id)
    }

    /// Adds a Purchase row of commitment `id`.
    pub fn purchase(&mut self, id: &[u8], billed: Number, start: Option<i64>, end: Option<i64>) {
        if let Some(t) = self.entry(id) {
            t.purchase_billed = t.purchase_billed.add(billed);
            t.purchase_rows += 1;
            t.purchase_term = widen(t.purchase_term, start, end);
            t.scale = t.scale.max(billed.scale());
        }
    }

    /// Adds a Usage row (Used or Unused) of commitment `id`.
    pub fn usage(&mut self, id: &[u8], effective: Number, start: Option<i64>, end: Option<i64>) {
        if let Some(t) = self.entry(id) {
            t.usage_effective = t.usage_effective.add(effective);
            t.usage_rows += 1;
            t.usage_span = widen(t.usage_span, start, end);
            t.scale = t.scale.max(effective.scale());
        }
    }

    /// The verdict on one commitment. Rounding may accumulate over rows, so the sums
    /// may differ by half a unit in their last decimal place per row summed.
    pub fn verdict(t: &CommitmentTotals) -> CommitmentVerdict {
        let (Some((ps, pe)), Some((us, ue))) = (t.purchase_term, t.usage_span) else {
            return CommitmentVerdict::Incomplete;
        };
        if t.purchase_rows == 0 || us > ps || ue < pe {
            return CommitmentVerdict::Incomplete;
        }
        let (usage, purchase) = (t.usage_effective.to_f64(), t.purchase_billed.to_f64());
        let rows = (t.usage_rows + t.purchase_rows) as f64;
        let bound =
            0.5 * 10f64.powi(-(t.scale as i32)) * rows + 1e-9 * usage.abs().max(purchase.abs());
        if (usage - purchase).abs() <= bound {
            CommitmentVerdict::Balanced
        } else {
            CommitmentVerdict::Unbalanced { usage, purchase }
        }
    }
}

/// The certification's sample requirements, measured over the whole file.
#[derive(Debug, Default)]
pub struct SampleStats {
    /// Rows per ChargeCategory value as written (at most 64 distinct values are kept).
    category_counts: Vec<(Box<[u8]>, u64)>,
    /// Charge-period coverage per billing period `(start, end)`.
    pub billing_periods: FastMap<(i64, i64), IntervalSet>,
    /// Billing periods not tracked because the cap was reached.
    pub untracked_billing_period_rows: u64,
    /// Rows whose charge period is not inside their billing period.
    pub charge_outside_billing: u64,
    /// Rows where both periods could be read.
    pub periods_compared: u64,
    /// The periods of the previous row: consecutive rows often share them.
    last_periods: Option<((i64, i64), (i64, i64))>,
}

/// Most distinct billing periods tracked.
const MAX_BILLING_PERIODS: usize = 10_000;

impl SampleStats {
    /// Counts one ChargeCategory value.
    pub fn category(&mut self, value: &[u8]) {
        if let Some((_, n)) = self.category_counts.iter_mut().find(|(k, _)| **k == *value) {
            *n += 1;
        } else if self.category_counts.len() < 64 {
            self.category_counts.push((value.into(), 1));
        }
    }

    /// Rows per ChargeCategory value.
    pub fn categories(&self) -> BTreeMap<String, u64> {
        self.category_counts
            .iter()
            .map(|(k, n)| (String::from_utf8_lossy(k).into_owned(), *n))
            .collect()
    }

    /// Records the periods of one row.
    pub fn periods(&mut self, billing: (i64, i64), charge: (i64, i64)) {
        self.periods_compared += 1;
        if charge.0 < billing.0 || charge.1 > billing.1 {
            self.charge_outside_billing += 1;
        }
        if billing.0 >= billing.1 || self.last_periods == Some((billing, charge)) {
            return;
        }
        self.last_periods = Some((billing, charge));
        let tracked = self.billing_periods.len();
        match self.billing_periods.get_mut(&billing) {
            Some(set) => set.insert(charge.0.max(billing.0), charge.1.min(billing.1)),
            None if tracked >= MAX_BILLING_PERIODS => self.untracked_billing_period_rows += 1,
            None => {
                let mut set = IntervalSet::default();
                set.insert(charge.0.max(billing.0), charge.1.min(billing.1));
                self.billing_periods.insert(billing, set);
            }
        }
    }

    /// The billing periods whose charge periods cover them from start to end, sorted.
    pub fn complete_billing_periods(&self) -> Vec<(i64, i64)> {
        let mut complete: Vec<(i64, i64)> = self
            .billing_periods
            .iter()
            .filter(|(p, set)| set.covers(p.0, p.1))
            .map(|(p, _)| *p)
            .collect();
        complete.sort_unstable();
        complete
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_hasher_spreads_keys() {
        use std::hash::Hash;
        let hash = |k: &[u8]| {
            let mut h = FastHasher::default();
            k.hash(&mut h);
            h.finish()
        };
        assert_ne!(hash(b"price-1"), hash(b"price-2"));
        assert_ne!(hash(b"abcdefgh1"), hash(b"abcdefgh2"));
        assert_eq!(hash(b"same"), hash(b"same"));
    }

    #[test]
    fn one_value_per_key() {
        let mut m = OnePerKey::new(10);
        assert_eq!(m.observe(b"price-1", b"sku-a"), KeyOutcome::Consistent);
        assert_eq!(m.observe(b"price-1", b"sku-a"), KeyOutcome::Consistent);
        assert_eq!(
            m.observe(b"price-1", b"sku-b"),
            KeyOutcome::Conflict("sku-a".into())
        );
        assert_eq!(m.observe(b"price-2", b"sku-b"), KeyOutcome::Consistent);
        assert_eq!((m.keys(), m.conflicting_keys()), (2, 1));
    }

    #[test]
    fn the_key_cap_is_respected_and_reported() {
        let mut m = OnePerKey::new(2);
        m.observe(b"a", b"1");
        m.observe(b"b", b"1");
        assert_eq!(m.observe(b"c", b"1"), KeyOutcome::Unchecked);
        assert!(m.cap_reached());
        assert_eq!(m.unchecked_rows, 1);
        assert_eq!(m.observe(b"a", b"2"), KeyOutcome::Conflict("1".into()));
    }

    #[test]
    fn intervals_merge_and_cover() {
        let mut s = IntervalSet::default();
        for h in (0..24).rev() {
            s.insert(h * 3600, (h + 1) * 3600);
        }
        assert!(s.covers(0, 86400));
        let mut gap = IntervalSet::default();
        gap.insert(0, 10);
        gap.insert(20, 30);
        assert!(!gap.covers(0, 30));
        assert_eq!(gap.covered_within(0, 30), 20);
        gap.insert(5, 25);
        assert!(gap.covers(0, 30));
    }

    #[test]
    fn complete_billing_periods_are_found() {
        let mut st = SampleStats::default();
        let month = (0, 30 * 86400);
        st.periods(month, (0, 15 * 86400));
        assert!(st.complete_billing_periods().is_empty());
        st.periods(month, (15 * 86400, 30 * 86400));
        assert_eq!(st.complete_billing_periods(), vec![month]);
        st.periods(month, (29 * 86400, 31 * 86400));
        assert_eq!(st.charge_outside_billing, 1);
    }

    #[test]
    fn categories_are_counted() {
        let mut st = SampleStats::default();
        st.category(b"Usage");
        st.category(b"Usage");
        st.category(b"Tax");
        assert_eq!(st.categories().get("Usage"), Some(&2));
        assert_eq!(st.categories().len(), 2);
    }

    #[test]
    fn amortization_needs_the_whole_term() {
        let mut a = Amortization::new(10);
        let n = |m, s| Number::Exact {
            mantissa: m,
            scale: s,
        };
        a.purchase(b"cd", n(1000, 2), Some(0), Some(100));
        a.usage(b"cd", n(600, 2), Some(0), Some(50));
        let t = a.commitments.get(&b"cd"[..]).cloned().unwrap_or_default();
        assert_eq!(Amortization::verdict(&t), CommitmentVerdict::Incomplete);
        a.usage(b"cd", n(400, 2), Some(50), Some(100));
        let t = a.commitments.get(&b"cd"[..]).cloned().unwrap_or_default();
        assert_eq!(Amortization::verdict(&t), CommitmentVerdict::Balanced);
        a.usage(b"cd", n(100, 2), Some(50), Some(100));
        let t = a.commitments.get(&b"cd"[..]).cloned().unwrap_or_default();
        assert!(matches!(
            Amortization::verdict(&t),
            CommitmentVerdict::Unbalanced { .. }
        ));
    }
}
