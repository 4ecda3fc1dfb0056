//! The validation options a user can switch before dropping a file: the readings
//! certkit had to choose where the specification is silent (docs/assumptions.md),
//! with the same names and defaults as `certkit validate`'s flags.

use certkit::rules::Tolerance;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::protocol::RunOptions;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The options the next run uses.
    pub options: RunOptions,
    /// Called with the new options after every change.
    pub on_change: Callback<RunOptions>,
}

/// The tolerance kinds offered, as the `<select>` values.
const HALF_LAST_DIGIT: &str = "half-last-digit";
const ABSOLUTE: &str = "abs";
const RELATIVE: &str = "rel";

/// A collapsed panel of options; each says which assumption it switches.
#[function_component(RunOptionsPanel)]
pub fn run_options_panel(props: &Props) -> Html {
    let options = &props.options;
    // Each control edits one field of a copy of the options and hands the copy on.
    let edit = |apply: fn(&mut RunOptions, String)| {
        let (options, on_change) = (options.clone(), props.on_change.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let mut next = options.clone();
            apply(&mut next, input.value());
            on_change.emit(next);
        })
    };
    let on_version = edit(|o, v| o.focus_version = (v != "auto").then_some(v));
    let on_tolerance_kind = edit(|o, v| {
        let amount = tolerance_amount(o.tolerance);
        o.tolerance = tolerance_of(&v, amount);
    });
    let on_tolerance_amount = edit(|o, v| {
        let amount = v.trim().parse::<f64>().ok().filter(|x| x.is_finite() && *x >= 0.0);
        if let Some(amount) = amount {
            o.tolerance = tolerance_of(tolerance_kind(o.tolerance), Some(amount));
        }
    });
    let on_quoted_empty = edit(|o, v| o.keep_quoted_empty = v == "empty-string");
    let on_max_deviations = edit(|o, v| o.max_deviations = v.trim().parse::<u64>().ok());
    let on_partial = {
        let (options, on_change) = (options.clone(), props.on_change.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on_change.emit(RunOptions { allow_partial_billing_period: input.checked(), ..options.clone() });
        })
    };
    let kind = tolerance_kind(options.tolerance);
    let version = options.focus_version.clone().unwrap_or_else(|| "auto".into());
    html! {
        <details class="run-options" data-testid="run-options">
            <summary>{ "Options: the readings certkit chose where the specification is silent" }</summary>
            <p class="help">{ "Each option switches one assumption listed with the result (and in docs/assumptions.md). They apply to the next file you drop." }</p>
            <div class="field"><label for="opt-version">{ "FOCUS version (assumption version-detection)" }</label>
                <select id="opt-version" onchange={on_version}>
                    { for ["auto", "1.2", "1.1", "1.0"].iter().map(|v| html!{
                        <option value={*v} selected={version == *v}>{ if *v == "auto" { "detect from the columns" } else { v } }</option>
                    }) }
                </select></div>
            <div class="field"><label for="opt-tolerance">{ "Unit price × PricingQuantity = cost, allowed difference (assumption price-tolerance)" }</label>
                <select id="opt-tolerance" onchange={on_tolerance_kind}>
                    <option value={HALF_LAST_DIGIT} selected={kind == HALF_LAST_DIGIT}>{ "half a unit in the cost's last decimal, or 1e-9 × max(|cost|, 1)" }</option>
                    <option value={ABSOLUTE} selected={kind == ABSOLUTE}>{ "an absolute amount, in the cost's currency" }</option>
                    <option value={RELATIVE} selected={kind == RELATIVE}>{ "a fraction of the larger value" }</option>
                </select></div>
            if kind != HALF_LAST_DIGIT {
                <div class="field"><label for="opt-tolerance-amount">{ if kind == ABSOLUTE { "Amount (currency units)" } else { "Fraction (e.g. 0.0001 = 0.01 %)" } }</label>
                    <input id="opt-tolerance-amount" type="number" min="0" step="any"
                           value={tolerance_amount(options.tolerance).map(|a| a.to_string()).unwrap_or_default()}
                           onchange={on_tolerance_amount} /></div>
            }
            <div class="field"><label for="opt-quoted-empty">{ "A quoted empty CSV field \"\" is (assumption csv-quoted-empty)" }</label>
                <select id="opt-quoted-empty" onchange={on_quoted_empty}>
                    <option value="null" selected={!options.keep_quoted_empty}>{ "null, like an empty field" }</option>
                    <option value="empty-string" selected={options.keep_quoted_empty}>{ "an empty string (NullHandling-A-002-M reports it)" }</option>
                </select></div>
            <div class="field"><label for="opt-max-deviations">{ "Deviations allowed before the sample is not eligible (assumption deviation-threshold)" }</label>
                <input id="opt-max-deviations" type="number" min="0" step="1"
                       value={options.max_deviations.unwrap_or(0).to_string()} onchange={on_max_deviations} /></div>
            <label class="check">
                <input id="opt-partial" type="checkbox" checked={options.allow_partial_billing_period} onchange={on_partial} />
                <span>{ "Do not block a sample without a complete billing period (assumption complete-billing-period)" }</span>
            </label>
        </details>
    }
}

/// The `<select>` value for a tolerance (`None`: the default).
fn tolerance_kind(tolerance: Option<Tolerance>) -> &'static str {
    match tolerance {
        None | Some(Tolerance::HalfLastDigit) => HALF_LAST_DIGIT,
        Some(Tolerance::Absolute { .. }) => ABSOLUTE,
        Some(Tolerance::Relative { .. }) => RELATIVE,
    }
}

/// The amount of an absolute or relative tolerance.
fn tolerance_amount(tolerance: Option<Tolerance>) -> Option<f64> {
    match tolerance {
        Some(Tolerance::Absolute { amount }) => Some(amount),
        Some(Tolerance::Relative { fraction }) => Some(fraction),
        _ => None,
    }
}

/// The tolerance a kind and an amount make; a missing amount starts at a cent (absolute)
/// or 0.01 % (relative).
fn tolerance_of(kind: &str, amount: Option<f64>) -> Option<Tolerance> {
    match kind {
        ABSOLUTE => Some(Tolerance::Absolute { amount: amount.unwrap_or(0.01) }),
        RELATIVE => Some(Tolerance::Relative { fraction: amount.unwrap_or(0.0001) }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerances_round_trip_through_the_controls() {
        assert_eq!(tolerance_kind(None), HALF_LAST_DIGIT);
        assert_eq!(tolerance_of(HALF_LAST_DIGIT, Some(3.0)), None);
        let abs = tolerance_of(ABSOLUTE, None);
        assert_eq!(abs, Some(Tolerance::Absolute { amount: 0.01 }));
        assert_eq!(tolerance_kind(abs), ABSOLUTE);
        assert_eq!(tolerance_amount(abs), Some(0.01));
        let rel = tolerance_of(RELATIVE, Some(0.5));
        assert_eq!(tolerance_kind(rel), RELATIVE);
        assert_eq!(tolerance_amount(rel), Some(0.5));
    }
}
