//! Which columns carry customer data, and what happens to each.
//!
//! Column names are matched ignoring ASCII case and surrounding spaces, so a
//! misspelt `BillingAccountID` is still treated as the identifier it holds: a header
//! mistake must not leak data (the validator reports the spelling anyway).

use serde::Serialize;

use super::{AnonymizeOptions, CustomColumns};
use crate::focus::{self, FocusVersion, LEGACY_COLUMNS};

/// Customer identifiers: replaced by `id-` tokens.
pub const IDENTIFIER_COLUMNS: [&str; 6] =
    ["BillingAccountId", "SubAccountId", "ResourceId", "CommitmentDiscountId", "CapacityReservationId", "InvoiceId"];

/// Customer-chosen names: replaced by `name-` tokens.
pub const NAME_COLUMNS: [&str; 4] = ["BillingAccountName", "SubAccountName", "ResourceName", "CommitmentDiscountName"];

/// Provider catalogue identifiers: public, kept unless asked to hash them.
pub const CATALOGUE_COLUMNS: [&str; 8] =
    ["SkuId", "SkuPriceId", "SkuMeter", "RegionId", "RegionName", "AvailabilityZone", "ServiceName", "ResourceType"];

/// The key-value column whose values are replaced, keys kept.
pub const TAGS_COLUMN: &str = "Tags";

/// Free text that may carry names.
pub const DESCRIPTION_COLUMN: &str = "ChargeDescription";

/// What a column holds, as far as anonymization is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ColumnKind {
    /// A customer identifier ([`IDENTIFIER_COLUMNS`]).
    Identifier,
    /// A customer-chosen name ([`NAME_COLUMNS`]).
    Name,
    /// A provider catalogue identifier ([`CATALOGUE_COLUMNS`]).
    Catalogue,
    /// The Tags JSON object.
    Tags,
    /// ChargeDescription.
    Description,
    /// A custom column (`x_` prefix).
    Custom,
    /// Neither a FOCUS column of any version nor a custom one.
    Unknown,
    /// Any other FOCUS column: costs, prices, quantities, units, dates, currencies,
    /// categories, statuses, public company names, SkuPriceDetails.
    Public,
}

/// What is done to a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ColumnAction {
    /// Every value copied as it is.
    Keep,
    /// Every non-null value replaced by a token with this prefix.
    Token(&'static str),
    /// Tags: values replaced by tokens, keys kept or hashed.
    Tags,
    /// Left out of the output.
    Drop,
}

/// Token prefix of identifiers (and of catalogue IDs and custom columns when hashed).
pub(crate) const ID_PREFIX: &str = "id-";
/// Token prefix of names.
pub(crate) const NAME_PREFIX: &str = "name-";
/// Token prefix of descriptions.
pub(crate) const DESCRIPTION_PREFIX: &str = "desc-";

/// What `name` holds.
pub fn classify(name: &str) -> ColumnKind {
    let name = name.trim();
    let is = |list: &[&str]| list.iter().any(|c| c.eq_ignore_ascii_case(name));
    if is(&IDENTIFIER_COLUMNS) {
        ColumnKind::Identifier
    } else if is(&NAME_COLUMNS) {
        ColumnKind::Name
    } else if is(&CATALOGUE_COLUMNS) {
        ColumnKind::Catalogue
    } else if name.eq_ignore_ascii_case(TAGS_COLUMN) {
        ColumnKind::Tags
    } else if name.eq_ignore_ascii_case(DESCRIPTION_COLUMN) {
        ColumnKind::Description
    } else if name.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("x_")) {
        ColumnKind::Custom
    } else if is_known_focus_column(name) {
        ColumnKind::Public
    } else {
        ColumnKind::Unknown
    }
}

/// True for a column of any FOCUS version, or a pre-1.0 name the validator knows.
fn is_known_focus_column(name: &str) -> bool {
    FocusVersion::ALL.into_iter().any(|v| focus::catalogue(v).column_ignoring_case(name).is_some())
        || LEGACY_COLUMNS.iter().any(|(old, _)| old.eq_ignore_ascii_case(name))
}

/// What the options say to do with a column of `kind`.
pub fn action(kind: ColumnKind, opts: &AnonymizeOptions) -> ColumnAction {
    match kind {
        ColumnKind::Identifier => ColumnAction::Token(ID_PREFIX),
        ColumnKind::Name => ColumnAction::Token(NAME_PREFIX),
        ColumnKind::Catalogue if opts.hash_catalogue_ids => ColumnAction::Token(ID_PREFIX),
        ColumnKind::Catalogue | ColumnKind::Public => ColumnAction::Keep,
        ColumnKind::Tags => ColumnAction::Tags,
        ColumnKind::Description if opts.keep_descriptions => ColumnAction::Keep,
        ColumnKind::Description => ColumnAction::Token(DESCRIPTION_PREFIX),
        ColumnKind::Custom | ColumnKind::Unknown => match opts.custom_columns {
            CustomColumns::Drop => ColumnAction::Drop,
            CustomColumns::Hash => ColumnAction::Token(ID_PREFIX),
            CustomColumns::Keep => ColumnAction::Keep,
        },
    }
}

/// True for a cell text the validator reads as a null written out: the empty string
/// and the words `NULL`, `None`, `N/A`, `NA`, `Not Applicable` in any case, spaces
/// around ignored. Such cells are copied as they are so a null stays a null.
pub fn is_null_placeholder(text: &str) -> bool {
    const PLACEHOLDERS: [&str; 5] = ["null", "none", "n/a", "na", "not applicable"];
    let trimmed = text.trim();
    trimmed.is_empty() || PLACEHOLDERS.iter().any(|p| p.eq_ignore_ascii_case(trimmed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_classified_ignoring_case() {
        assert_eq!(classify("BillingAccountId"), ColumnKind::Identifier);
        assert_eq!(classify(" billingaccountID "), ColumnKind::Identifier);
        assert_eq!(classify("ResourceName"), ColumnKind::Name);
        assert_eq!(classify("SkuPriceId"), ColumnKind::Catalogue);
        assert_eq!(classify("Tags"), ColumnKind::Tags);
        assert_eq!(classify("ChargeDescription"), ColumnKind::Description);
        assert_eq!(classify("x_Team"), ColumnKind::Custom);
        assert_eq!(classify("X_team"), ColumnKind::Custom);
        assert_eq!(classify("BilledCost"), ColumnKind::Public);
        assert_eq!(classify("SkuPriceDetails"), ColumnKind::Public);
        assert_eq!(classify("InvoiceIssuerName"), ColumnKind::Public);
        assert_eq!(classify("ChargeType"), ColumnKind::Public);
        assert_eq!(classify("Id"), ColumnKind::Unknown);
        assert_eq!(classify("Owner"), ColumnKind::Unknown);
    }

    #[test]
    fn placeholders_are_the_validators() {
        for p in ["", " ", "NULL", "null", " None ", "N/A", "na", "Not Applicable"] {
            assert!(is_null_placeholder(p), "{p:?}");
        }
        for v in ["0", "Nullable", "NAT", "North America", "-"] {
            assert!(!is_null_placeholder(v), "{v:?}");
        }
    }
}
