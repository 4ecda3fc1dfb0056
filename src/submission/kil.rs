//! Known Industry Limitation requests, checked against the certification's three
//! criteria: (1) two or more data providers are affected, (2) the root cause is a
//! billing-architecture limitation (described), (3) a practitioner workaround is
//! documented. Only the FinOps Foundation approves a KIL; a request that meets the three
//! criteria is a "requested KIL" here, and its rules leave the draft's deviation count.

use std::collections::BTreeSet;

use super::input::{Kil, KitInput};

/// How one KIL request fares against the three criteria.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KilAssessment<'a> {
    /// The request.
    pub kil: &'a Kil,
    /// Distinct data providers named (ignoring case and surrounding spaces).
    pub providers: Vec<String>,
    /// Criterion 1: two or more data providers affected.
    pub multi_provider: bool,
    /// Criterion 2: a billing-architecture root cause is described.
    pub root_cause: bool,
    /// Criterion 3: a practitioner workaround is documented.
    pub workaround: bool,
}

impl KilAssessment<'_> {
    /// True when all three criteria are met (and the request names at least one rule).
    pub fn valid(&self) -> bool {
        self.multi_provider && self.root_cause && self.workaround && !self.kil.rule_ids.is_empty()
    }

    /// The criteria not met, in words (empty when valid).
    pub fn unmet(&self) -> Vec<&'static str> {
        let mut unmet = Vec::new();
        if !self.multi_provider {
            unmet.push("(1) two or more data providers affected");
        }
        if !self.root_cause {
            unmet.push("(2) a billing-architecture root cause");
        }
        if !self.workaround {
            unmet.push("(3) a documented practitioner workaround");
        }
        if self.kil.rule_ids.is_empty() {
            unmet.push("the rules it covers (rule_ids is empty)");
        }
        unmet
    }
}

/// Checks one request against the three criteria.
pub fn assess(kil: &Kil) -> KilAssessment<'_> {
    let mut seen = BTreeSet::new();
    let mut providers = Vec::new();
    for name in &kil.providers_affected {
        let name = name.trim();
        if !name.is_empty() && seen.insert(name.to_lowercase()) {
            providers.push(name.to_string());
        }
    }
    KilAssessment {
        kil,
        multi_provider: providers.len() >= 2,
        providers,
        root_cause: !kil.root_cause.trim().is_empty(),
        workaround: !kil.workaround.trim().is_empty(),
    }
}

/// Every request of the input, assessed.
pub fn assess_all(input: &KitInput) -> Vec<KilAssessment<'_>> {
    input.kils.iter().map(assess).collect()
}

/// The rules covered by a request that meets the three criteria.
pub fn requested_kil_rules(input: &KitInput) -> BTreeSet<String> {
    assess_all(input)
        .iter()
        .filter(|a| a.valid())
        .flat_map(|a| a.kil.rule_ids.iter().cloned())
        .collect()
}

/// Rules the user marked `kil: true` under `deviations` that no valid request covers.
pub fn unbacked_kil_marks(input: &KitInput) -> Vec<String> {
    let covered = requested_kil_rules(input);
    input
        .deviations
        .iter()
        .filter(|(rule, note)| note.kil && !covered.contains(*rule))
        .map(|(rule, _)| rule.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kil(providers: &[&str], root: &str, workaround: &str) -> Kil {
        Kil {
            id: "KIL-1".into(),
            rule_ids: vec!["ListCost-C-009-C".into()],
            title: "t".into(),
            providers_affected: providers.iter().map(|p| p.to_string()).collect(),
            root_cause: root.into(),
            workaround: workaround.into(),
        }
    }

    #[test]
    fn all_three_criteria_are_needed() {
        assert!(assess(&kil(&["AWS", "Azure"], "r", "w")).valid());
        let one = kil(&["AWS", " aws "], "r", "w");
        let a = assess(&one);
        assert!(!a.valid());
        assert_eq!(a.providers, ["AWS"]);
        assert_eq!(a.unmet(), ["(1) two or more data providers affected"]);
        let blank = kil(&["AWS", "GCP"], "  ", "");
        assert_eq!(assess(&blank).unmet().len(), 2);
    }

    #[test]
    fn only_valid_requests_cover_rules() {
        let mut input = KitInput::default();
        input.kils.push(kil(&["AWS"], "r", "w"));
        assert!(requested_kil_rules(&input).is_empty());
        input.kils.push(Kil {
            id: "KIL-2".into(),
            ..kil(&["AWS", "GCP"], "r", "w")
        });
        assert!(requested_kil_rules(&input).contains("ListCost-C-009-C"));
    }
}
