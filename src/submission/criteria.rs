//! The eleven criteria the FOCUS Conformant certification asks a data generator to
//! attest to (or to document a deviation from), each with a stable ID and the rules
//! and cross-row results of a validation report that bear on it.
//!
//! These are "dynamic" criteria: they depend on knowledge the data file does not carry
//! (invoices, the provider's catalogue, earlier billing periods). certkit shows what it
//! could check in the sample; the attestation itself is the data generator's.

/// One attestation criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Criterion {
    /// Stable ID, used as the key of `attestations` in the kit input.
    pub id: &'static str,
    /// The name the certification gives it.
    pub name: &'static str,
    /// The expected outcome, as the certification states it.
    pub expectation: &'static str,
    /// Rules of the registry that check part of it, or that it rests on.
    pub rules: &'static [&'static str],
    /// Cross-row results (by ID) that bear on it.
    pub cross_row: &'static [&'static str],
    /// What only the data generator can tell, in a sentence.
    pub to_attest: &'static str,
}

/// The eleven criteria, in the certification's order.
pub const CRITERIA: [Criterion; 11] = [
    Criterion {
        id: "invoice-alignment",
        name: "Invoice Alignment",
        expectation: "The sum of BilledCost for an InvoiceId matches the invoice total from the InvoiceIssuer.",
        rules: &["BilledCost-C-007-M", "InvoiceId-C-001-M", "InvoiceId-C-002-M", "InvoiceId-C-004-C", "InvoiceId-C-005-C", "InvoiceId-C-007-C"],
        cross_row: &[],
        to_attest: "Invoices are not in the data file. Attest that BilledCost summed per InvoiceId equals the payable total of the issued invoice, or describe where it does not.",
    },
    Criterion {
        id: "marketplace-billing",
        name: "Marketplace Billing",
        expectation: "BilledCost is 0 (zero) for charges where payments go to third parties.",
        rules: &["BilledCost-C-005-C"],
        cross_row: &[],
        to_attest: "Whether a charge is paid to a third party cannot be told from the file. Attest how marketplace charges paid to third parties appear in your data.",
    },
    Criterion {
        id: "commitment-amortization",
        name: "Commitment Amortization",
        expectation: "The sum of EffectiveCost equals the BilledCost of the commitment purchase (both used and unused).",
        rules: &["EffectiveCost-C-012-C", "DiscountHandling-A-011-C", "EffectiveCost-C-013-C", "DiscountHandling-A-010-C"],
        cross_row: &["EffectiveCost-C-012-C"],
        to_attest: "A sample rarely holds a commitment's whole term. Attest that, over the full term, EffectiveCost of the used and unused rows adds up to the purchase's BilledCost.",
    },
    Criterion {
        id: "commitment-purchase-effective-cost",
        name: "Commitment Purchase EffectiveCost",
        expectation: "EffectiveCost is 0 (zero) for purchases covering future charges.",
        rules: &["EffectiveCost-C-005-C", "PricingCurrencyEffectiveCost-C-005-M"],
        cross_row: &["EffectiveCost-C-012-C"],
        to_attest: "certkit checks purchase rows that carry a CommitmentDiscountId; attest that every other prepayment for future charges also has EffectiveCost 0.",
    },
    Criterion {
        id: "consumed-quantity-semantics",
        name: "Consumed Quantity Semantics",
        expectation: "ConsumedQuantity represents actual consumption, not the billed quantity.",
        rules: &["CostAndUsage-D-011-C", "ConsumedQuantity-C-004-C", "ConsumedQuantity-C-006-C", "ConsumedQuantity-C-008-C", "ConsumedUnit-C-005-C", "ConsumedUnit-C-006-C"],
        cross_row: &[],
        to_attest: "Whether a quantity is the metered consumption or the billed quantity cannot be told from the values. Attest what ConsumedQuantity measures.",
    },
    Criterion {
        id: "pricing-math",
        name: "Pricing Math",
        expectation: "The unit price multiplied by the PricingQuantity equals the corresponding FOCUS billing or pricing cost column.",
        rules: &["ListCost-C-009-C", "ContractedCost-C-009-C", "ListUnitPrice-C-010-C", "ContractedUnitPrice-C-011-C", "PricingQuantity-C-009-C", "EffectiveCost-C-009-C", "EffectiveCost-C-010-C"],
        cross_row: &[],
        to_attest: "certkit checks every row of the sample; attest that the same holds for all your data, and explain any rows that are meant to differ.",
    },
    Criterion {
        id: "currency-consistency",
        name: "Currency Consistency",
        expectation: "BillingCurrency matches the currency used in invoices from the InvoiceIssuer.",
        rules: &["BillingCurrency-C-003-M", "BillingCurrency-C-005-M", "BillingCurrency-C-006-M", "CurrencyFormat-A-001-C", "BilledCost-C-006-M", "EffectiveCost-C-006-M"],
        cross_row: &[],
        to_attest: "Invoices are not in the data file. Attest that BillingCurrency is the currency of the issued invoices.",
    },
    Criterion {
        id: "billing-period-boundaries",
        name: "Billing Period Boundaries",
        expectation: "BillingPeriodStart and BillingPeriodEnd correctly represent inclusive and exclusive time period bounds.",
        rules: &["BillingPeriodStart-C-002-M", "BillingPeriodStart-C-004-M", "BillingPeriodEnd-C-002-M", "BillingPeriodEnd-C-004-M"],
        cross_row: &["certkit:Sample-complete-billing-period", "certkit:Sample-charge-within-billing-period"],
        to_attest: "Attest that BillingPeriodStart is the inclusive start and BillingPeriodEnd the exclusive end of the billing period the charge is invoiced in.",
    },
    Criterion {
        id: "charge-period-boundaries",
        name: "Charge Period Boundaries",
        expectation: "ChargePeriodStart and ChargePeriodEnd correctly represent inclusive and exclusive time period bounds.",
        rules: &["ChargePeriodStart-C-002-M", "ChargePeriodStart-C-004-M", "ChargePeriodEnd-C-002-M", "ChargePeriodEnd-C-004-M"],
        cross_row: &["certkit:Sample-charge-within-billing-period"],
        to_attest: "Attest that ChargePeriodStart is the inclusive start and ChargePeriodEnd the exclusive end of the period each charge applies to.",
    },
    Criterion {
        id: "identifier-uniqueness",
        name: "Identifier Uniqueness",
        expectation: "IDs (BillingAccountId, ResourceId, …) are unique within a provider scope.",
        rules: &["BillingAccountId-C-004-M", "ResourceId-C-007-M", "CommitmentDiscountId-C-007-M", "CapacityReservationId-C-008-M", "SkuPriceId-C-008-M"],
        cross_row: &["SkuPriceId-C-008-M"],
        to_attest: "A sample shows only part of the provider's scope. Attest that each identifier names exactly one entity across the whole provider.",
    },
    Criterion {
        id: "immutable-id-consistency",
        name: "Immutable ID Consistency",
        expectation: "Immutable identifiers remain consistent across billing periods.",
        rules: &["StringHandling-A-006-M", "SkuId-C-008-M", "SkuPriceId-C-009-M", "SkuPriceId-C-010-M", "CommitmentDiscountUnit-C-008-M", "SkuMeter-C-006-O"],
        cross_row: &["CommitmentDiscountUnit-C-008-M", "SkuMeter-C-006-O"],
        to_attest: "Attest that immutable identifiers (resource IDs, region IDs, SKU and price IDs, …) never change from one billing period to the next.",
    },
];

/// The criterion with this ID.
pub fn criterion(id: &str) -> Option<&'static Criterion> {
    CRITERIA.iter().find(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::registry;

    #[test]
    fn every_related_rule_is_in_the_registry() {
        for c in &CRITERIA {
            for rule in c.rules {
                assert!(
                    registry().rule(rule).is_some(),
                    "criterion {} names unknown rule {rule}",
                    c.id
                );
            }
            for id in c.cross_row {
                assert!(
                    id.starts_with("certkit:Sample-") || registry().rule(id).is_some(),
                    "criterion {} names unknown cross-row result {id}",
                    c.id
                );
            }
        }
    }

    #[test]
    fn ids_are_unique_and_found() {
        let mut ids: Vec<&str> = CRITERIA.iter().map(|c| c.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 11);
        assert_eq!(
            criterion("pricing-math").map(|c| c.name),
            Some("Pricing Math")
        );
        assert!(criterion("nope").is_none());
    }
}
