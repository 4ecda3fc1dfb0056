//! Distinct-value estimate in constant memory: a HyperLogLog sketch.
//!
//! 2^12 = 4,096 one-byte registers (4 KiB per column). Each value's 64-bit hash picks
//! a register with its top 12 bits; the register keeps the longest run of leading
//! zeros (plus one) seen in the remaining bits. The count is read with Otmar Ertl's
//! improved estimator ("New cardinality estimation algorithms for HyperLogLog
//! sketches", 2017), which needs no bias tables and is unbiased from a handful of
//! values to billions.
//!
//! Error: the relative standard error is 1.04 / √4096 ≈ 1.6 %, so an estimate is
//! within ±3.3 % of the true count 95 % of the time and within ±4.9 % 99.7 % of the
//! time. For small counts the estimate is much closer (a few hundred values are
//! usually counted exactly), and the profile reports an exact count instead whenever
//! its top-values table saw every distinct value.

/// Bits of the hash that choose a register.
const PRECISION: u32 = 12;
/// Number of registers.
const REGISTERS: usize = 1 << PRECISION;
/// Bits of the hash left for the zero run.
const Q: u32 = 64 - PRECISION;

/// A HyperLogLog sketch with 4,096 registers.
#[derive(Debug, Clone, PartialEq)]
pub struct HyperLogLog {
    registers: Box<[u8]>,
}

impl Default for HyperLogLog {
    fn default() -> Self {
        HyperLogLog {
            registers: vec![0u8; REGISTERS].into_boxed_slice(),
        }
    }
}

impl HyperLogLog {
    /// Records one value by its 64-bit hash.
    #[inline]
    pub fn insert(&mut self, hash: u64) {
        let index = (hash >> Q) as usize;
        let rest = hash << PRECISION;
        let rank = (rest.leading_zeros() + 1).min(Q + 1) as u8;
        if let Some(register) = self.registers.get_mut(index) {
            if *register < rank {
                *register = rank;
            }
        }
    }

    /// The estimated number of distinct values recorded (see the module's error bounds).
    pub fn estimate(&self) -> u64 {
        // How many registers hold each value 0..=Q+1.
        let mut histogram = [0u32; Q as usize + 2];
        for &r in self.registers.iter() {
            histogram[(r as usize).min(Q as usize + 1)] += 1;
        }
        let m = REGISTERS as f64;
        if histogram[0] as usize == REGISTERS {
            return 0;
        }
        let mut z = m * tau(1.0 - histogram[Q as usize + 1] as f64 / m);
        for k in (1..=Q as usize).rev() {
            z = 0.5 * (z + histogram[k] as f64);
        }
        z += m * sigma(histogram[0] as f64 / m);
        let alpha_infinity = 1.0 / (2.0 * std::f64::consts::LN_2);
        (alpha_infinity * m * m / z).round() as u64
    }

    /// Heap bytes held.
    pub fn state_bytes(&self) -> usize {
        self.registers.len()
    }
}

/// Ertl's σ(x) = x + Σ_{k≥1} x^(2^k)·2^(k-1), for the share of empty registers.
fn sigma(mut x: f64) -> f64 {
    if x >= 1.0 {
        return f64::INFINITY;
    }
    let mut y = 1.0;
    let mut z = x;
    loop {
        x *= x;
        let previous = z;
        z += x * y;
        y += y;
        if z == previous {
            return z;
        }
    }
}

/// Ertl's τ(x), for the share of registers that saw no 1 bit at all (full registers).
fn tau(mut x: f64) -> f64 {
    if x <= 0.0 || x >= 1.0 {
        return 0.0;
    }
    let mut y = 1.0;
    let mut z = 1.0 - x;
    loop {
        x = x.sqrt();
        let previous = z;
        y *= 0.5;
        z -= (1.0 - x) * (1.0 - x) * y;
        if z == previous {
            return z / 3.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::hash_bytes;

    fn estimate_of(n: u64) -> u64 {
        let mut hll = HyperLogLog::default();
        for i in 0..n {
            hll.insert(hash_bytes(format!("value-{i}").as_bytes()));
        }
        hll.estimate()
    }

    #[test]
    fn empty_sketch_counts_zero() {
        assert_eq!(HyperLogLog::default().estimate(), 0);
    }

    #[test]
    fn repeats_do_not_count() {
        let mut hll = HyperLogLog::default();
        for _ in 0..1000 {
            hll.insert(hash_bytes(b"same"));
        }
        assert_eq!(hll.estimate(), 1);
    }

    #[test]
    fn estimates_stay_within_three_standard_errors() {
        for n in [10u64, 100, 1_000, 5_000, 20_000, 50_000] {
            let e = estimate_of(n) as f64;
            let relative = (e - n as f64).abs() / n as f64;
            assert!(relative <= 0.049, "{n} distinct values estimated as {e}");
        }
    }
}
