//! The data preview: what is in the file, for a user who wants to look before sharing.
//! The first rows (windowed, so only what is on screen is in the page), a profile of every
//! column, and cost charts. Identifier and name columns are masked by default.

use std::rc::Rc;

use certkit::profile::{Bucket, Profile};
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::format;

/// Height of one preview row in CSS pixels (fixed, so the window can be computed from the scroll offset).
const ROW_HEIGHT: f64 = 32.0;
/// Rows drawn beyond the visible ones, above and below.
const OVERSCAN: usize = 5;
/// Height of the preview's scroll area in CSS pixels.
const VIEWPORT: f64 = 320.0;

#[derive(Properties, PartialEq)]
pub struct DataPreviewProps {
    pub profile: Rc<Profile>,
}

#[derive(Clone, Copy, PartialEq)]
enum Metric {
    Billed,
    Effective,
}

#[function_component(DataPreview)]
pub fn data_preview(props: &DataPreviewProps) -> Html {
    let masked = use_state(|| true);
    let metric = use_state(|| Metric::Billed);
    let currencies: Vec<String> = props.profile.cost_by_currency.iter().filter_map(|b| b.key.clone()).collect();
    let currency = use_state(|| currencies.first().cloned());
    let p = &props.profile;
    let on_mask = {
        let masked = masked.clone();
        Callback::from(move |e: Event| masked.set(e.target_unchecked_into::<HtmlInputElement>().checked()))
    };
    let on_metric = {
        let metric = metric.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            metric.set(if value == "effective" { Metric::Effective } else { Metric::Billed });
        })
    };
    let on_currency = {
        let currency = currency.clone();
        Callback::from(move |e: Event| currency.set(Some(e.target_unchecked_into::<HtmlSelectElement>().value())))
    };
    let metric_name = if *metric == Metric::Billed { "BilledCost" } else { "EffectiveCost" };
    let unit = currency.as_deref().unwrap_or("");
    let pick = |buckets: &[Bucket]| -> Vec<(String, f64)> {
        let mut bars: Vec<(String, f64)> = buckets
            .iter()
            .filter(|b| currency.is_none() || b.currency.as_deref() == currency.as_deref())
            .map(|b| (b.key.clone().unwrap_or_else(|| "(null)".into()), if *metric == Metric::Billed { b.billed_cost } else { b.effective_cost }))
            .collect();
        bars.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        bars
    };
    let mut by_day = pick(&p.cost_by_day);
    by_day.sort_by(|a, b| a.0.cmp(&b.0));
    html! {
        <section class="preview" aria-labelledby="preview-title" data-testid="preview">
            <h2 id="preview-title">{ "Data preview" }</h2>
            <p class="help">{ "Computed in this browser from the same pass as the validation. Nothing is uploaded." }</p>
            <div class="check no-print">
                <input type="checkbox" id="mask-sensitive" checked={*masked} onchange={on_mask} />
                <label for="mask-sensitive">{ "Mask identifiers, names and tags" }</label>
            </div>
            <h3>{ format!("Cost charts ({metric_name}, {unit})") }</h3>
            <div class="filters no-print">
                <div class="field"><label for="chart-metric">{ "Cost" }</label>
                    <select id="chart-metric" onchange={on_metric}>
                        <option value="billed" selected={*metric == Metric::Billed}>{ "BilledCost" }</option>
                        <option value="effective" selected={*metric == Metric::Effective}>{ "EffectiveCost" }</option>
                    </select></div>
                if currencies.len() > 1 {
                    <div class="field"><label for="chart-currency">{ "Currency (charts never add different currencies)" }</label>
                        <select id="chart-currency" onchange={on_currency}>
                            { for currencies.iter().map(|c| html!{ <option value={c.clone()} selected={currency.as_deref() == Some(c.as_str())}>{ c }</option> }) }
                        </select></div>
                }
            </div>
            <div class="charts">
                { bar_chart("Cost by ChargeCategory", "chart-charge-category", &pick(&p.cost_by_charge_category), unit) }
                { bar_chart("Cost by ServiceCategory", "chart-service-category", &pick(&p.cost_by_service_category), unit) }
                { day_chart(&by_day, unit) }
            </div>
            { for p.notes.iter().map(|n| html!{ <p class="help">{ n }</p> }) }
            <PreviewTable profile={props.profile.clone()} masked={*masked} />
            { column_profiles(p, *masked) }
        </section>
    }
}

fn money(value: f64, unit: &str) -> String {
    let sign = if value < 0.0 { "-" } else { "" };
    let whole = value.abs().trunc() as u64;
    let cents = ((value.abs() - value.abs().trunc()) * 100.0).round() as u64;
    let (whole, cents) = if cents == 100 { (whole + 1, 0) } else { (whole, cents) };
    format!("{sign}{}.{cents:02} {unit}", format::thousands(whole))
}

/// Horizontal bars, largest first; negative amounts (credits) are drawn from the axis leftwards.
fn bar_chart(title: &str, id: &str, bars: &[(String, f64)], unit: &str) -> Html {
    let bars: Vec<&(String, f64)> = bars.iter().take(12).collect();
    let max = bars.iter().map(|(_, v)| v.abs()).fold(0.0_f64, f64::max).max(f64::MIN_POSITIVE);
    let height = 24.0 * bars.len() as f64 + 8.0;
    html! {
        <figure class="chart" id={id.to_string()}>
            <figcaption>{ title }</figcaption>
            <svg viewBox={format!("0 0 600 {height}")} role="img" aria-label={format!("{title}: {}", bars.iter().map(|(k, v)| format!("{k} {}", money(*v, unit))).collect::<Vec<_>>().join(", "))}>
                { for bars.iter().enumerate().map(|(i, (key, value))| {
                    let y = 4.0 + 24.0 * i as f64;
                    let width = (value.abs() / max * 260.0).max(1.0);
                    html! { <g>
                        <text x="0" y={format!("{}", y + 15.0)} class="chart-label">{ truncate(key, 24) }</text>
                        <rect x="180" y={format!("{y}")} width={format!("{width:.1}")} height="18" class={if *value < 0.0 { "bar-negative" } else { "bar" }} />
                        <text x={format!("{:.1}", 186.0 + width)} y={format!("{}", y + 15.0)} class="chart-value">{ money(*value, unit) }</text>
                    </g> }
                }) }
            </svg>
        </figure>
    }
}

fn day_chart(days: &[(String, f64)], unit: &str) -> Html {
    if days.is_empty() {
        return html! {};
    }
    let max = days.iter().map(|(_, v)| v.abs()).fold(0.0_f64, f64::max).max(f64::MIN_POSITIVE);
    let step = 560.0 / days.len() as f64;
    let first = days.first().map(|d| d.0.clone()).unwrap_or_default();
    let last = days.last().map(|d| d.0.clone()).unwrap_or_default();
    html! {
        <figure class="chart" id="chart-by-day">
            <figcaption>{ format!("Cost by day ({first} to {last})") }</figcaption>
            <svg viewBox="0 0 600 200" role="img" aria-label={format!("Cost by day from {first} to {last}; highest day {}", money(max, unit))}>
                <line x1="20" x2="580" y1="170" y2="170" class="axis" />
                { for days.iter().enumerate().map(|(i, (day, value))| {
                    let h = (value.abs() / max * 150.0).max(0.5);
                    html! { <rect x={format!("{:.2}", 20.0 + step * i as f64)} y={format!("{:.2}", 170.0 - h)} width={format!("{:.2}", (step * 0.8).max(0.5))} height={format!("{h:.2}")}
                        class={if *value < 0.0 { "bar-negative" } else { "bar" }}><title>{ format!("{day}: {}", money(*value, unit)) }</title></rect> }
                }) }
                <text x="20" y="190" class="chart-label">{ first }</text>
                <text x="580" y="190" class="chart-label end">{ last }</text>
            </svg>
        </figure>
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max - 1).collect::<String>())
    }
}

fn mask(value: &str) -> String {
    format!("•••• ({} chars)", value.chars().count())
}

#[derive(Properties, PartialEq)]
struct PreviewTableProps {
    profile: Rc<Profile>,
    masked: bool,
}

/// The first rows, drawing only the rows in view: a wide file's rows would otherwise make
/// thousands of table cells.
#[function_component(PreviewTable)]
fn preview_table(props: &PreviewTableProps) -> Html {
    let first = use_state(|| 0usize);
    let p = &props.profile.preview;
    let sensitive: Vec<bool> = p.header.iter().map(|h| certkit::profile::is_sensitive(h)).collect();
    let visible = (VIEWPORT / ROW_HEIGHT).ceil() as usize;
    let start = first.saturating_sub(OVERSCAN);
    let end = (*first + visible + OVERSCAN).min(p.rows.len());
    let onscroll = {
        let first = first.clone();
        Callback::from(move |e: Event| {
            let element: HtmlElement = e.target_unchecked_into();
            first.set((element.scroll_top() as f64 / ROW_HEIGHT).floor() as usize);
        })
    };
    let top = start as f64 * ROW_HEIGHT;
    let bottom = p.rows.len().saturating_sub(end) as f64 * ROW_HEIGHT;
    html! {
        <>
            <h3>{ format!("First {} rows", p.rows.len()) }</h3>
            <div class="preview-window" tabindex="0" role="region" aria-label="First rows of the file" {onscroll}>
                <table class="preview-table" data-testid="preview-table">
                    <thead><tr>
                        <th scope="col">{ "Row" }</th>
                        { for p.header.iter().zip(&p.arrow_types).map(|(h, t)| html!{ <th scope="col">{ h }<br /><span class="sub">{ t }</span></th> }) }
                    </tr></thead>
                    <tbody>
                        <tr class="spacer"><td colspan={(p.header.len() + 1).to_string()} height={format!("{top}")}></td></tr>
                        { for p.rows[start..end].iter().enumerate().map(|(i, row)| html! {
                            <tr>
                                <th scope="row">{ start + i + 1 }</th>
                                { for row.iter().enumerate().map(|(c, cell)| {
                                    let text = match cell {
                                        None => html!{ <span class="null">{ "null" }</span> },
                                        Some(v) if props.masked && sensitive.get(c).copied().unwrap_or(false) => html!{ <span class="masked">{ mask(v) }</span> },
                                        Some(v) => html!{ { truncate(v, 60) } },
                                    };
                                    html!{ <td>{ text }</td> }
                                }) }
                            </tr>
                        }) }
                        <tr class="spacer"><td colspan={(p.header.len() + 1).to_string()} height={format!("{bottom}")}></td></tr>
                    </tbody>
                </table>
            </div>
        </>
    }
}

fn column_profiles(p: &Profile, masked: bool) -> Html {
    html! {
        <>
            <h3>{ format!("Columns ({})", p.columns.len()) }</h3>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Column profiles">
                <table class="column-profiles" data-testid="column-profiles">
                    <thead><tr><th scope="col">{ "Column" }</th><th scope="col">{ "Type" }</th><th scope="col">{ "Nulls" }</th>
                        <th scope="col">{ "Distinct" }</th><th scope="col">{ "Min" }</th><th scope="col">{ "Max" }</th><th scope="col">{ "Most frequent values" }</th></tr></thead>
                    <tbody>
                        { for p.columns.iter().map(|c| {
                            let hide = masked && c.sensitive;
                            let show = |v: &Option<String>| match v { None => "–".to_string(), Some(v) if hide => mask(v), Some(v) => truncate(v, 40) };
                            let kind = serde_json::to_value(c.kind).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
                            html! {
                                <tr data-column={c.name.clone()}>
                                    <th scope="row">{ &c.name }</th>
                                    <td>{ format!("{kind} ({})", c.arrow_type) }</td>
                                    <td class="num">{ format!("{} ({:.1}%)", format::thousands(c.nulls), c.null_share * 100.0) }</td>
                                    <td class="num">{ format!("{}{}", if c.distinct_exact { "" } else { "≈ " }, format::thousands(c.distinct_estimate)) }</td>
                                    <td>{ show(&c.min) }</td>
                                    <td>{ show(&c.max) }</td>
                                    <td>{ if hide { "masked".to_string() } else {
                                        c.top_values.iter().take(5).map(|t| format!("{} ({}{})", truncate(&t.value, 30), if c.top_values_exact { "" } else { "≈" }, format::thousands(t.count))).collect::<Vec<_>>().join(", ")
                                    } }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
        </>
    }
}
