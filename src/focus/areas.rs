//! The applicability areas: the feature areas the certification asks a data generator
//! to declare (availability zones, tags, …), each mapped to the FOCUS columns that
//! carry it. An area "applies" to a sample when it is detected in the data or declared
//! by the user; rules about an area's columns only count when their area applies.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// One applicability area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Area {
    /// Stable identifier, e.g. `commitment-discounts`.
    pub id: String,
    /// The name the certification uses, e.g. `Commitment Discounts`.
    pub name: String,
    /// True for the 12 areas of the certification; false for the two extra areas that
    /// carry the presence conditions of ConsumedQuantity/ConsumedUnit and PricingCategory.
    pub certification: bool,
    /// The FOCUS columns the area maps to.
    pub columns: Vec<String>,
    /// The applicability flags of the FOCUS requirements model that select these columns.
    pub criteria: Vec<String>,
}

#[derive(Deserialize)]
struct AreasFile {
    areas: Vec<Area>,
}

const AREAS_1_2: &str = include_str!("../../data/focus/1.2/applicability.json");

/// Every applicability area, in the certification's order (the two extra areas last).
pub fn areas() -> &'static [Area] {
    static AREAS: OnceLock<Vec<Area>> = OnceLock::new();
    AREAS.get_or_init(|| match serde_json::from_str::<AreasFile>(AREAS_1_2) {
        Ok(file) => file.areas,
        // Compiled-in data, not user input: the tests load it, so this only fires on a
        // packaging mistake.
        Err(e) => panic!("data/focus/1.2/applicability.json is not valid: {e}"),
    })
}

/// The area with this identifier.
pub fn area(id: &str) -> Option<&'static Area> {
    areas().iter().find(|a| a.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::focus::{catalogue, FocusVersion};

    #[test]
    fn twelve_certification_areas_and_two_extra() {
        assert_eq!(areas().iter().filter(|a| a.certification).count(), 12);
        assert_eq!(areas().len(), 14);
    }

    #[test]
    fn every_area_column_is_a_focus_1_2_column() {
        let c = catalogue(FocusVersion::V1_2);
        for a in areas() {
            for col in &a.columns {
                assert!(c.contains(col), "area {} names unknown column {col}", a.id);
            }
        }
    }

    #[test]
    fn areas_are_found_by_id() {
        assert_eq!(
            area("tags").map(|a| a.columns.clone()),
            Some(vec!["Tags".to_string()])
        );
        assert!(area("no-such-area").is_none());
    }
}
