//! How ids are written and matched: the kebab-case of a published name, so
//! "Reporting & Analytics", "reporting_and_analytics" and "reporting-and-analytics"
//! all mean the same capability.

/// The kebab-case id of a name: lowercase ASCII letters and digits, `&` read as "and",
/// every other run of characters turned into a single dash.
pub fn kebab_id(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_dash = false;
    for ch in name.chars() {
        let word: Option<&str> = if ch == '&' { Some("and") } else { None };
        if let Some(word) = word {
            if !out.is_empty() {
                out.push('-');
            }
            out.push_str(word);
            pending_dash = true;
        } else if ch.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(ch.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    out
}

/// The candidate closest to `given` by edit distance, when close enough to be a likely
/// typo (at most a third of its length), for "did you mean" hints.
pub fn closest<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (given.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(given, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != *cb);
            let insert = current[j] + 1;
            let delete = previous[j + 1] + 1;
            current.push(substitute.min(insert).min(delete));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_ids_of_published_names() {
        assert_eq!(kebab_id("Reporting & Analytics"), "reporting-and-analytics");
        assert_eq!(
            kebab_id("Governance, Policy & Risk"),
            "governance-policy-and-risk"
        );
        assert_eq!(kebab_id("KPIs & Benchmarking"), "kpis-and-benchmarking");
        assert_eq!(kebab_id("ISO 27001"), "iso-27001");
        assert_eq!(kebab_id("google_cloud"), "google-cloud");
        assert_eq!(kebab_id("data-ingestion"), "data-ingestion");
        assert_eq!(kebab_id("  AWS "), "aws");
    }

    #[test]
    fn closest_finds_typos_only() {
        let ids = ["allocation", "forecasting", "budgeting"];
        assert_eq!(closest("alocation", ids), Some("allocation"));
        assert_eq!(closest("kubernetes", ids), None);
    }
}
