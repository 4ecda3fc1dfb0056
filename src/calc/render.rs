//! A score result as text for a terminal and as Markdown for a pull request or a wiki.

use std::fmt::Write;

use super::score::{fmt_points, ScoreResult};
use super::staffing::{Cost, Staffing};

/// Width of the score bar in the text format, in characters.
const BAR_WIDTH: usize = 40;

/// The result for a terminal: score bar, capabilities, gates with ✓/✗, what is
/// missing, the cheapest paths and the staffing costs in dollars.
pub fn render_text(r: &ScoreResult) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", r.program_name, r.program);
    if let Some(org) = &r.organization {
        let _ = writeln!(out, "Organization: {org}");
    }
    let _ = writeln!(
        out,
        "Criteria: {} — from {}",
        r.criteria_version, r.program_source
    );
    let _ = writeln!(out);

    if let (Some(p), Some(percent), Some(threshold), Some(meets)) =
        (r.points, r.percent, r.threshold_percent, r.meets_threshold)
    {
        let _ = writeln!(
            out,
            "Score  {}  {percent:.2}%  {} / {} points, {} needed ({}%)  {}",
            bar(percent, threshold),
            p.earned,
            p.possible,
            fmt_points(p.needed),
            fmt_points(threshold),
            if meets {
                "✓ meets the threshold"
            } else {
                "✗ below the threshold"
            }
        );
        if let Some(reading) = r.reading {
            let _ = writeln!(
                out,
                "       reading: {} ({})",
                reading.id(),
                reading.description()
            );
        }
        if let Some(o) = r.other_reading {
            let _ = writeln!(
                out,
                "       other reading, {}: {} / {} points ({:.2}%), {} needed  {}",
                o.reading.id(),
                o.points.earned,
                o.points.possible,
                o.percent,
                fmt_points(o.points.needed),
                mark(o.meets_threshold)
            );
        }
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Capabilities: {} points met (each met in full or not at all)",
            p.from_capabilities
        );
        let mut domain = "";
        for c in &r.capabilities {
            if c.domain != domain {
                domain = &c.domain;
                let _ = writeln!(out, "  {domain}");
            }
            let _ = writeln!(out, "    {} {:<34} {}", mark(c.met), c.name, c.points);
        }
        let _ = writeln!(out, "Supplemental: {} points held", p.from_supplemental);
        for s in &r.supplemental {
            let custom = if s.custom { " (custom)" } else { "" };
            let _ = writeln!(
                out,
                "    {} {:<34} {}",
                mark(s.met),
                format!("{}{custom}", s.name),
                s.points
            );
        }
        let _ = writeln!(out);
    } else {
        let _ = writeln!(
            out,
            "No capability points for this program: the gates and staffing decide."
        );
        let _ = writeln!(out);
    }

    let _ = writeln!(out, "Gates");
    for g in &r.gates {
        let _ = writeln!(out, "  {} {}", mark(g.met), g.name);
        let _ = writeln!(out, "      {}", g.detail);
    }
    let _ = writeln!(out);

    if let Some(missing) = r.missing_points.filter(|m| *m > 0) {
        let _ = writeln!(out, "Missing: {missing} point(s)");
        if r.shortest_paths.is_empty() {
            if let Some(note) = &r.paths_note {
                let _ = writeln!(out, "  {note}");
            }
        } else {
            let _ = writeln!(out, "  Smallest sets of capabilities that close the gap:");
            for (i, p) in r.shortest_paths.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "  {}. {} (+{} points, {} over)",
                    i + 1,
                    p.names.join(" + "),
                    p.points_added,
                    p.points_over
                );
            }
        }
        let _ = writeln!(out);
    }

    text_staffing(&mut out, &r.staffing);

    let _ = writeln!(
        out,
        "Verdict: {} — {}",
        if r.eligible {
            "ELIGIBLE"
        } else {
            "NOT ELIGIBLE"
        },
        r.summary
    );
    if !r.notes.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Notes");
        for n in &r.notes {
            let _ = writeln!(out, "  - {n}");
        }
    }
    out
}

fn text_staffing(out: &mut String, s: &Staffing) {
    let _ = writeln!(
        out,
        "Staffing: parent organization of {} employees → tier \"{}\"",
        thousands(s.company_size),
        s.tier
    );
    let _ = writeln!(
        out,
        "  {:<16} {:>8} {:>6} {:>8} {:>12} {:>12} {:>15}",
        "certification", "required", "held", "missing", "exam only", "self-paced", "instructor-led"
    );
    for (kind, p) in s.kinds() {
        let label = match kind {
            super::program::CertKind::Practitioner => "Practitioner",
            super::program::CertKind::Professional => "Professional",
            super::program::CertKind::FocusAnalyst => "FOCUS Analyst",
        };
        let _ = writeln!(
            out,
            "  {:<16} {:>8} {:>6} {:>8} {:>12} {:>12} {:>15}",
            label,
            p.required,
            p.held,
            p.missing,
            dollars(p.cost.exam_only),
            dollars(p.cost.self_paced),
            dollars(p.cost.instructor_led)
        );
        if p.engineers_counted > 0 {
            let _ = writeln!(
                out,
                "  {:<16} held = {} Practitioners + {} Engineers (count 1:1)",
                "", p.held_certified, p.engineers_counted
            );
        }
    }
    let floor = if s.unpriced.is_empty() { "" } else { "+" };
    let _ = writeln!(
        out,
        "  {:<16} {:>8} {:>6} {:>8} {:>12} {:>12} {:>15}",
        "total",
        "",
        "",
        "",
        format!("{}{floor}", dollars(s.total_cost.exam_only)),
        format!("{}{floor}", dollars(s.total_cost.self_paced)),
        format!("{}{floor}", dollars(s.total_cost.instructor_led))
    );
    if !s.unpriced.is_empty() {
        let keys: Vec<&str> = s.unpriced.iter().map(|k| k.key()).collect();
        let _ = writeln!(
            out,
            "  Prices unknown for: {} (\"?\" above; totals are a floor). Set them under \"prices\" in the assessment.",
            keys.join(", ")
        );
    }
    let _ = writeln!(out);
}

/// The result as Markdown: headline, tables for capabilities, gates and staffing.
pub fn render_markdown(r: &ScoreResult) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {} readiness", r.program_name);
    let _ = writeln!(out);
    if let Some(org) = &r.organization {
        let _ = writeln!(out, "**Organization:** {}  ", md(org));
    }
    let _ = writeln!(
        out,
        "**Criteria:** {} (from `{}`)  ",
        md(&r.criteria_version),
        r.program_source
    );
    let _ = writeln!(
        out,
        "**Verdict:** {} — {}",
        if r.eligible {
            "✅ eligible"
        } else {
            "❌ not eligible yet"
        },
        md(&r.summary)
    );
    let _ = writeln!(out);

    if let (Some(p), Some(percent), Some(threshold), Some(meets)) =
        (r.points, r.percent, r.threshold_percent, r.meets_threshold)
    {
        let _ = writeln!(out, "## Score");
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "| Reading | Earned | Possible | Needed ({}%) | Percent | Meets |",
            fmt_points(threshold)
        );
        let _ = writeln!(out, "|---|---:|---:|---:|---:|:---:|");
        if let Some(reading) = r.reading {
            let _ = writeln!(
                out,
                "| **{}** (deciding) | {} | {} | {} | {percent:.2}% | {} |",
                reading.id(),
                p.earned,
                p.possible,
                fmt_points(p.needed),
                mark(meets)
            );
        }
        if let Some(o) = r.other_reading {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {:.2}% | {} |",
                o.reading.id(),
                o.points.earned,
                o.points.possible,
                fmt_points(o.points.needed),
                o.percent,
                mark(o.meets_threshold)
            );
        }
        let _ = writeln!(out);
        if let Some(d) = &r.reading_description {
            let _ = writeln!(out, "Deciding reading: {}.", md(d));
            let _ = writeln!(out);
        }
        let _ = writeln!(out, "### Capabilities");
        let _ = writeln!(out);
        let _ = writeln!(out, "| | Capability | Domain | Points |");
        let _ = writeln!(out, "|:---:|---|---|---:|");
        for c in &r.capabilities {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                mark(c.met),
                md(&c.name),
                md(&c.domain),
                c.points
            );
        }
        let _ = writeln!(out);
        let _ = writeln!(out, "### Supplemental criteria");
        let _ = writeln!(out);
        let _ = writeln!(out, "| | Item | Criterion | Points |");
        let _ = writeln!(out, "|:---:|---|---|---:|");
        for s in &r.supplemental {
            let custom = if s.custom { " (custom)" } else { "" };
            let _ = writeln!(
                out,
                "| {} | {}{custom} | {} | {} |",
                mark(s.met),
                md(&s.name),
                s.criterion,
                s.points
            );
        }
        let _ = writeln!(out);
        if let Some(missing) = r.missing_points.filter(|m| *m > 0) {
            let _ = writeln!(out, "### Missing: {missing} point(s)");
            let _ = writeln!(out);
            if r.shortest_paths.is_empty() {
                if let Some(note) = &r.paths_note {
                    let _ = writeln!(out, "{}", md(note));
                }
            } else {
                for (i, path) in r.shortest_paths.iter().enumerate() {
                    let _ = writeln!(
                        out,
                        "{}. {} (+{} points, {} over)",
                        i + 1,
                        md(&path.names.join(" + ")),
                        path.points_added,
                        path.points_over
                    );
                }
            }
            let _ = writeln!(out);
        }
    } else {
        let _ = writeln!(
            out,
            "This program has no capability points: the gates and staffing decide."
        );
        let _ = writeln!(out);
    }

    let _ = writeln!(out, "## Gates");
    let _ = writeln!(out);
    let _ = writeln!(out, "| | Gate | Detail |");
    let _ = writeln!(out, "|:---:|---|---|");
    for g in &r.gates {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            mark(g.met),
            md(&g.name),
            md(&g.detail)
        );
    }
    let _ = writeln!(out);

    let s = &r.staffing;
    let _ = writeln!(out, "## Staffing");
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Parent organization of {} employees: tier \"{}\".",
        thousands(s.company_size),
        md(&s.tier)
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "| Certification | Required | Held | Missing | Exam only | Self-paced | Instructor-led |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|");
    for (_, p) in s.kinds() {
        let held = if p.engineers_counted > 0 {
            format!(
                "{} ({} + {} Engineers)",
                p.held, p.held_certified, p.engineers_counted
            )
        } else {
            p.held.to_string()
        };
        let _ = writeln!(
            out,
            "| {} | {} | {held} | {} | {} | {} | {} |",
            p.name,
            p.required,
            p.missing,
            dollars(p.cost.exam_only),
            dollars(p.cost.self_paced),
            dollars(p.cost.instructor_led)
        );
    }
    let floor = if s.unpriced.is_empty() { "" } else { "+" };
    let total: Cost = s.total_cost;
    let _ = writeln!(
        out,
        "| **Total** | | | | {}{floor} | {}{floor} | {}{floor} |",
        dollars(total.exam_only),
        dollars(total.self_paced),
        dollars(total.instructor_led)
    );
    if !s.unpriced.is_empty() {
        let keys: Vec<&str> = s.unpriced.iter().map(|k| k.key()).collect();
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Prices unknown for {} (shown as ?); totals are a floor. Set them under `prices` in the assessment.",
            keys.join(", ")
        );
    }
    let _ = writeln!(out);
    if !r.notes.is_empty() {
        let _ = writeln!(out, "## Notes");
        let _ = writeln!(out);
        for n in &r.notes {
            let _ = writeln!(out, "- {}", md(n));
        }
    }
    out
}

fn mark(met: bool) -> &'static str {
    if met {
        "✓"
    } else {
        "✗"
    }
}

/// `[█████████████░░░░░|░░░░]`: filled to the percent, `|` at the threshold.
fn bar(percent: f64, threshold: f64) -> String {
    let filled = ((percent.clamp(0.0, 100.0) / 100.0) * BAR_WIDTH as f64).round() as usize;
    let mark_at = ((threshold.clamp(0.0, 100.0) / 100.0) * BAR_WIDTH as f64).round() as usize;
    let mut s = String::from("[");
    for i in 0..BAR_WIDTH {
        if i == mark_at && i >= filled {
            s.push('|');
        } else if i < filled {
            s.push('█');
        } else {
            s.push('░');
        }
    }
    s.push(']');
    s
}

/// `$1,234`, or `?` when the price is unknown.
fn dollars(usd: Option<u64>) -> String {
    match usd {
        Some(n) => format!("${}", thousands(n)),
        None => "?".to_string(),
    }
}

/// `1,234,567`.
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Escapes the characters that would break a Markdown table cell.
fn md(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_bar() {
        assert_eq!(dollars(Some(1_234_567)), "$1,234,567");
        assert_eq!(dollars(Some(300)), "$300");
        assert_eq!(dollars(None), "?");
        let b = bar(50.0, 75.0);
        assert_eq!(b.chars().filter(|c| *c == '█').count(), 20);
        assert_eq!(b.chars().nth(31), Some('|'));
    }
}
