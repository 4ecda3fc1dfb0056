//! The result of a validation: the verdict first, then what to fix, then the details.
//! Everything shown comes from the core's `Report`; re-declaring applicability calls the
//! core's `Report::reevaluate`, which recomputes the verdict without reading the file again.

use std::rc::Rc;

use certkit::report::{self, CountsAs, Finding, Report};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::format;

/// The seven columns the certification requires; a failure on any of them is blocking.
const REQUIRED: [&str; 7] = ["BilledCost", "EffectiveCost", "BillingCurrency", "BillingAccountId", "ChargeCategory", "ChargePeriodStart", "ChargePeriodEnd"];

#[derive(Properties, PartialEq)]
pub struct ReportViewProps {
    pub report: Rc<Report>,
}

#[derive(Clone, Copy, PartialEq)]
enum SortKey {
    Severity,
    Rule,
    Column,
    Failed,
}

#[function_component(ReportView)]
pub fn report_view(props: &ReportViewProps) -> Html {
    // The page's own copy, re-evaluated when the user changes a declaration.
    let report = use_state(|| props.report.clone());
    {
        let report = report.clone();
        use_effect_with(props.report.clone(), move |fresh| report.set(fresh.clone()));
    }
    let on_declare = {
        let report = report.clone();
        Callback::from(move |(area, value): (String, Option<bool>)| {
            let mut next = (**report).clone();
            let mut declarations = certkit::report::Declarations::default();
            for a in &next.applicability {
                let declared = if a.id == area { value } else { a.declared };
                if let Some(on) = declared {
                    declarations = declarations.declare(&a.id, on);
                }
            }
            next.reevaluate(&declarations);
            report.set(Rc::new(next));
        })
    };
    let r = &**report;
    html! {
        <div class="report">
            { verdict_card(r) }
            { notices(r) }
            { exports(r) }
            { required_columns(r) }
            <FindingsTable report={(*report).clone()} />
            { cross_row(r) }
            { applicability(r, on_declare) }
            { columns(r) }
            { assumptions(r) }
        </div>
    }
}

fn verdict_card(r: &Report) -> Html {
    let c = &r.certification;
    let verdict = if c.eligible { "pass" } else { "fail" };
    let total_columns = r.columns.present.len() + r.columns.custom.len() + r.columns.misnamed.len();
    html! {
        <section class={classes!("verdict-card", verdict)} data-testid="verdict" data-verdict={verdict} aria-labelledby="verdict-title">
            <h2 id="verdict-title">{ if c.eligible { "Would pass the FOCUS Conformant review" } else { "Would not pass the FOCUS Conformant review" } }</h2>
            <p data-testid="shape">{ format!("{} × {} ({}) · checked as FOCUS {} ({})",
                format::count(r.rows, "row", "rows"), format::count(total_columns as u64, "column", "columns"), r.input.format,
                r.focus_version, if r.focus_version_source == certkit::report::VersionSource::Detected { "detected" } else { "declared" }) }</p>
            <p>{ format!("{} blocking · {} deviations (at most {} allowed) · {} disclosures (not counted)",
                c.blocking.len(), c.deviations, c.max_deviations, c.disclosures) }</p>
            if !c.blocking.is_empty() {
                <h3>{ "Blocking" }</h3>
                <ul class="blocking">
                    { for c.blocking.iter().map(|b| html! {
                        <li>{ b.rule_id.as_ref().map(|id| html!{ <code>{ id }</code> }).unwrap_or_default() }{ " " }{ &b.reason }</li>
                    }) }
                </ul>
            }
        </section>
    }
}

/// What the reader and the validator noticed without it being an error (a delimiter other
/// than comma, a byte-order mark removed, an assumed FOCUS version): the user should know
/// how the file was read.
fn notices(r: &Report) -> Html {
    if r.notices.is_empty() {
        return html! {};
    }
    html! {
        <section class="notice" aria-labelledby="notices-title" data-testid="notices">
            <h2 id="notices-title">{ "How the file was read" }</h2>
            <ul>{ for r.notices.iter().map(|n| html! { <li data-code={n.code.clone()}>{ capitalized(&n.message) }</li> }) }</ul>
        </section>
    }
}

/// The sentence with its first letter in upper case (the core's notices start in lower case
/// so that the command line can put them after a colon).
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Offers `text` as a download named `name`, made in the page (nothing leaves the machine).
pub fn download(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    download_blob(name, &blob);
}

/// Offers a Blob as a download named `name`.
pub fn download_blob(name: &str, blob: &web_sys::Blob) {
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else { return };
    let document = gloo::utils::document();
    if let Ok(a) = document.create_element("a") {
        let _ = a.set_attribute("href", &url);
        let _ = a.set_attribute("download", name);
        if let Ok(a) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(a) {
            a.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

fn exports(r: &Report) -> Html {
    let stem = r.input.name.rsplit_once('.').map(|(s, _)| s.trim_end_matches(".csv")).unwrap_or(&r.input.name).to_string();
    let button = |label: &'static str, ext: &'static str, mime: &'static str, render: fn(&Report) -> String| {
        let (report, name) = (r.clone(), format!("{stem}.certkit.{ext}"));
        let onclick = Callback::from(move |_| download(&name, mime, &render(&report)));
        html! { <button type="button" class="button secondary" {onclick}>{ label }</button> }
    };
    html! {
        <div class="exports no-print" role="group" aria-label="Download the report">
            { button("Download JSON", "json", "application/json", report::json::to_json) }
            { button("Download Markdown", "md", "text/markdown", report::markdown::render) }
            { button("Download JUnit XML", "junit.xml", "application/xml", report::junit::render) }
            <button type="button" class="button secondary" onclick={Callback::from(|_| { let _ = gloo::utils::window().print(); })}>{ "Print / PDF" }</button>
        </div>
    }
}

fn required_columns(r: &Report) -> Html {
    html! {
        <section aria-labelledby="required-title">
            <h2 id="required-title">{ "The 7 required columns" }</h2>
            <ul class="required-columns">
                { for REQUIRED.iter().map(|col| {
                    let present = r.columns.present.iter().any(|c| c == col);
                    let failing = r.findings.iter().filter(|f| f.column.as_deref() == Some(*col) && f.counts_as == CountsAs::Blocking).count();
                    let (class, text) = match (present, failing) {
                        (false, _) => ("fail", "missing".to_string()),
                        (true, 0) => ("pass", "passes every static check".to_string()),
                        (true, n) => ("fail", format!("fails {n} check{}", if n == 1 { "" } else { "s" })),
                    };
                    html! { <li class={class} data-column={*col}><span aria-hidden="true">{ if class == "pass" { "✓ " } else { "✗ " } }</span><code>{ *col }</code>{ format!(": {text}") }</li> }
                }) }
            </ul>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct FindingsProps {
    report: Rc<Report>,
}

#[function_component(FindingsTable)]
fn findings_table(props: &FindingsProps) -> Html {
    let query = use_state(String::new);
    let counts = use_state(String::new);
    let keyword = use_state(String::new);
    let sort = use_state(|| (SortKey::Severity, false));
    let findings = &props.report.findings;
    let q = query.to_lowercase();
    let mut shown: Vec<&Finding> = findings
        .iter()
        .filter(|f| q.is_empty() || f.rule_id.to_lowercase().contains(&q) || f.column.as_deref().unwrap_or("").to_lowercase().contains(&q) || f.message.to_lowercase().contains(&q))
        .filter(|f| counts.is_empty() || f.counts_as.as_str() == counts.as_str())
        .filter(|f| keyword.is_empty() || f.keyword.as_str() == keyword.as_str())
        .collect();
    let (key, descending) = *sort;
    match key {
        SortKey::Severity => {}
        SortKey::Rule => shown.sort_by(|a, b| a.rule_id.cmp(&b.rule_id)),
        SortKey::Column => shown.sort_by(|a, b| a.column.cmp(&b.column)),
        SortKey::Failed => shown.sort_by_key(|f| f.failed_rows),
    }
    if descending {
        shown.reverse();
    }
    let header = |label: &'static str, k: SortKey| {
        let sort = sort.clone();
        let active = key == k;
        let aria = if active { if descending { "descending" } else { "ascending" } } else { "none" };
        let onclick = Callback::from(move |_| sort.set((k, if active { !descending } else { k == SortKey::Failed })));
        html! { <th scope="col" aria-sort={aria}><button type="button" class="sort" {onclick}>{ label }</button></th> }
    };
    let on_query = { let query = query.clone(); Callback::from(move |e: InputEvent| query.set(e.target_unchecked_into::<HtmlInputElement>().value())) };
    let on_counts = { let counts = counts.clone(); Callback::from(move |e: Event| counts.set(e.target_unchecked_into::<HtmlSelectElement>().value())) };
    let on_keyword = { let keyword = keyword.clone(); Callback::from(move |e: Event| keyword.set(e.target_unchecked_into::<HtmlSelectElement>().value())) };
    html! {
        <section aria-labelledby="findings-title">
            <h2 id="findings-title">{ format!("Findings ({})", findings.len()) }</h2>
            <p class="help">{ "Only failed checks are listed. Deviations (MUST, MUST NOT on Mandatory and Conditional columns) count toward certification; disclosures (SHOULD, Recommended columns) go in the Conformance Gap Report but do not count." }</p>
            <div class="filters no-print">
                <div class="field"><label for="finding-search">{ "Search rule, column or text" }</label>
                    <input id="finding-search" type="search" value={(*query).clone()} oninput={on_query} /></div>
                <div class="field"><label for="finding-counts">{ "Counts as" }</label>
                    <select id="finding-counts" onchange={on_counts}>
                        <option value="" selected={counts.is_empty()}>{ "All" }</option>
                        { for ["blocking", "deviation", "disclosure", "not counted: not applicable"].iter().map(|v| html!{ <option value={*v} selected={counts.as_str() == *v}>{ *v }</option> }) }
                    </select></div>
                <div class="field"><label for="finding-keyword">{ "Keyword" }</label>
                    <select id="finding-keyword" onchange={on_keyword}>
                        <option value="" selected={keyword.is_empty()}>{ "All" }</option>
                        { for ["MUST", "MUST NOT", "SHOULD", "SHOULD NOT", "RECOMMENDED"].iter().map(|v| html!{ <option value={*v} selected={keyword.as_str() == *v}>{ *v }</option> }) }
                    </select></div>
            </div>
            <p class="help" role="status">{ format!("Showing {} of {}", shown.len(), findings.len()) }</p>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Findings">
                <table class="findings" data-testid="findings">
                    <thead><tr>
                        { header("Rule", SortKey::Rule) }
                        { header("Column", SortKey::Column) }
                        { header("Counts as", SortKey::Severity) }
                        { header("Failed", SortKey::Failed) }
                        <th scope="col">{ "What to fix, with examples (row: value)" }</th>
                    </tr></thead>
                    <tbody>
                        { for shown.iter().map(|f| finding_row(f)) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

fn finding_row(f: &Finding) -> Html {
    let level = serde_json::to_value(f.feature_level).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
    let percent = if f.checked_rows > 0 { f.failed_rows as f64 * 100.0 / f.checked_rows as f64 } else { 0.0 };
    html! {
        <tr data-rule={f.rule_id.clone()} class={f.counts_as.as_str().split(':').next().unwrap_or("").to_string()}>
            <td><code>{ &f.rule_id }</code><br /><span class="sub">{ f.keyword.as_str() }</span></td>
            <td>{ f.column.clone().unwrap_or_else(|| "(dataset)".into()) }<br /><span class="sub">{ level }</span></td>
            <td>{ f.counts_as.as_str() }</td>
            <td class="num">{ format!("{} of {} {}", format::thousands(f.failed_rows), format::thousands(f.checked_rows), f.unit) }<br />
                <span class="sub">{ format!("{percent:.1}%") }</span></td>
            <td>{ &f.message }
                if !f.examples.is_empty() {
                    <ul class="examples">{ for f.examples.iter().map(|e| html!{
                        <li>{ e.row.map(|r| format!("row {}: ", format::thousands(r))).unwrap_or_default() }<code>{ &e.value }</code></li>
                    }) }</ul>
                }
            </td>
        </tr>
    }
}

fn cross_row(r: &Report) -> Html {
    if r.cross_row.is_empty() {
        return html! {};
    }
    html! {
        <section aria-labelledby="cross-row-title">
            <h2 id="cross-row-title">{ "Checks across rows" }</h2>
            <ul class="cross-row">
                { for r.cross_row.iter().map(|c| {
                    let status = serde_json::to_value(c.status).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
                    html! { <li class={status.clone()} data-check={c.id.clone()}><strong>{ &c.title }</strong>{ format!(" ({}): ", status.replace('_', " ")) }{ &c.detail }</li> }
                }) }
            </ul>
        </section>
    }
}

fn applicability(r: &Report, on_declare: Callback<(String, Option<bool>)>) -> Html {
    html! {
        <section aria-labelledby="applicability-title">
            <h2 id="applicability-title">{ "Applicability areas" }</h2>
            <p class="help">{ "Conditional rules count only in the areas your data supports. certkit detects them from the data; declare what your platform supports and the verdict is recomputed at once (the file is not read again)." }</p>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Applicability areas">
                <table>
                    <thead><tr><th scope="col">{ "Area" }</th><th scope="col">{ "Columns" }</th><th scope="col">{ "Detected" }</th><th scope="col">{ "Your declaration" }</th><th scope="col">{ "Applies" }</th></tr></thead>
                    <tbody>
                        { for r.applicability.iter().filter(|a| a.certification).map(|a| {
                            let (id, on_declare) = (a.id.clone(), on_declare.clone());
                            let onchange = Callback::from(move |e: Event| {
                                let value = e.target_unchecked_into::<HtmlSelectElement>().value();
                                on_declare.emit((id.clone(), match value.as_str() { "yes" => Some(true), "no" => Some(false), _ => None }));
                            });
                            let current = match a.declared { Some(true) => "yes", Some(false) => "no", None => "" };
                            html! {
                                <tr data-area={a.id.clone()}>
                                    <th scope="row">{ &a.name }</th>
                                    <td>{ a.columns.join(", ") }</td>
                                    <td>{ if a.detected { "yes" } else { "no" } }</td>
                                    <td><select aria-label={format!("Declaration for {}", a.name)} {onchange}>
                                        <option value="" selected={current.is_empty()}>{ "as detected" }</option>
                                        <option value="yes" selected={current == "yes"}>{ "supported" }</option>
                                        <option value="no" selected={current == "no"}>{ "not supported" }</option>
                                    </select></td>
                                    <td>{ if a.applies { "yes" } else { "no" } }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

fn columns(r: &Report) -> Html {
    let c = &r.columns;
    let list = |names: &[String]| if names.is_empty() { "none".to_string() } else { names.join(", ") };
    html! {
        <section aria-labelledby="columns-title">
            <h2 id="columns-title">{ "Column coverage" }</h2>
            <ul>
                <li>{ format!("Present ({}): {}", c.present.len(), list(&c.present)) }</li>
                <li>{ format!("Missing Mandatory ({}): {}", c.missing.mandatory.len(), list(&c.missing.mandatory)) }</li>
                <li>{ format!("Missing Conditional ({}): {}", c.missing.conditional.len(), list(&c.missing.conditional)) }</li>
                <li>{ format!("Missing Recommended ({}): {}", c.missing.recommended.len(), list(&c.missing.recommended)) }</li>
                <li>{ format!("Custom ({}): {}", c.custom.len(), list(&c.custom)) }</li>
                { for c.misnamed.iter().map(|m| html!{ <li class="fail">{ format!("Misnamed: {} should be {}", m.found, m.expected) }</li> }) }
            </ul>
        </section>
    }
}

fn assumptions(r: &Report) -> Html {
    html! {
        <details class="assumptions">
            <summary>{ format!("Assumptions certkit made ({}) and rules a data file cannot decide ({})", r.assumptions.len(), r.not_checkable.len()) }</summary>
            <ul>{ for r.assumptions.iter().map(|a| html!{
                <li><strong>{ &a.topic }</strong>{ ": " }{ &a.reading }{ " Other reading: " }{ &a.alternative }
                    if a.option.is_some() { <span class="help">{ " (switch it under Options, above, and drop the file again)" }</span> }</li>
            }) }</ul>
            <ul>{ for r.not_checkable.iter().map(|n| html!{ <li><code>{ &n.rule_id }</code>{ ": " }{ &n.reason }</li> }) }</ul>
        </details>
    }
}
