//! The submission kit, drafted in the page from the validation report: the Conformance Gap
//! Report, the Column Mapping Reference, the attestation worksheet, and an anonymized
//! sample written by the worker. The user's additions (workarounds, KILs, attestations,
//! mapping notes) are kept in this browser's local storage and can be saved to and loaded
//! from a JSON file.

use std::cell::RefCell;
use std::rc::Rc;

use certkit::report::Report;
use certkit::submission::{
    attestation_markdown, column_mapping_csv, column_mapping_markdown, gap_report_html, gap_report_markdown, invoice_sums, template, KitContext, KitInput,
};
use web_sys::{File, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::format;
use super::report_view::{download, download_blob};
use super::worker_client::{ProducedFile, WorkerClient};
use crate::protocol::{AnonymizeRequest, FromWorker};

/// Where the additions are kept between visits.
const STORAGE_KEY: &str = "certkit.kit-input";

#[derive(Properties, PartialEq)]
pub struct KitSectionProps {
    pub report: Rc<Report>,
    pub file: File,
}

fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

fn stored_input() -> Option<KitInput> {
    storage()?.get_item(STORAGE_KEY).ok().flatten().and_then(|text| KitInput::from_json(&text).ok())
}

fn today() -> String {
    let iso: String = js_sys::Date::new_0().to_iso_string().into();
    iso.chars().take(10).collect()
}

/// 32 random bytes from the browser's CSPRNG, as hex: a salt nobody can guess.
fn random_salt() -> String {
    let mut bytes = [0u8; 32];
    if let Ok(crypto) = gloo::utils::window().crypto() {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Clone, PartialEq)]
enum AnonymizeState {
    Idle,
    Running(u64, u64),
    Done(String),
    Failed(String),
}

#[function_component(KitSection)]
pub fn kit_section(props: &KitSectionProps) -> Html {
    let input = use_state(|| stored_input().unwrap_or_else(|| template(&props.report, None)));
    let load_message = use_state(|| None::<(bool, String)>);
    let reader = use_mut_ref(|| None::<gloo::file::callbacks::FileReader>);
    let salt = use_state(random_salt);
    let out_format = use_state(String::new);
    let anon = use_state(|| AnonymizeState::Idle);
    let worker: Rc<RefCell<Option<WorkerClient>>> = use_mut_ref(|| None);
    let name = &props.report.input.name;
    let stem = [".csv.gz", ".csv", ".parquet", ".pq", ".gz"].iter().find_map(|ext| name.strip_suffix(ext)).unwrap_or(name).to_string();

    let documents: Vec<(&str, String, &str, fn(&KitContext) -> String)> = vec![
        ("Gap report (Markdown)", format!("{stem}.gap-report.md"), "text/markdown", gap_report_markdown),
        ("Gap report (HTML, printable)", format!("{stem}.gap-report.html"), "text/html", gap_report_html),
        ("Column mapping (Markdown)", format!("{stem}.column-mapping.md"), "text/markdown", column_mapping_markdown),
        ("Column mapping (CSV)", format!("{stem}.column-mapping.csv"), "text/csv", column_mapping_csv),
        ("Attestation worksheet", format!("{stem}.attestation.md"), "text/markdown", attestation_markdown),
    ];
    let buttons = documents.into_iter().map(|(label, name, mime, render)| {
        let (report, input) = (props.report.clone(), input.clone());
        let onclick = Callback::from(move |_| {
            let date = today();
            let sums = invoice_sums(&report);
            let ctx = KitContext::new(&report, &input, &date, sums.as_ref());
            download(&name, mime, &render(&ctx));
        });
        html! { <button type="button" class="button secondary" {onclick}>{ label }</button> }
    });
    let on_save_additions = {
        let (report, input) = (props.report.clone(), input.clone());
        let name = format!("{stem}.kit-input.json");
        Callback::from(move |_| download(&name, "application/json", &template(&report, Some(&input)).to_json()))
    };
    let on_load_additions = {
        let (input, load_message, reader) = (input.clone(), load_message.clone(), reader.clone());
        Callback::from(move |e: Event| {
            let element: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = element.files().and_then(|f| f.get(0)) else { return };
            element.set_value("");
            let (input, load_message) = (input.clone(), load_message.clone());
            let task = gloo::file::callbacks::read_as_text(&gloo::file::File::from(file), move |text| {
                match text.map_err(|e| e.to_string()).and_then(|t| KitInput::from_json(&t).map_err(|e| e.to_string())) {
                    Ok(loaded) => {
                        if let Some(s) = storage() {
                            let _ = s.set_item(STORAGE_KEY, &loaded.to_json());
                        }
                        input.set(loaded);
                        load_message.set(Some((true, "Additions loaded and kept in this browser.".into())));
                    }
                    Err(e) => load_message.set(Some((false, format!("These additions could not be used: {e}")))),
                }
            });
            *reader.borrow_mut() = Some(task);
        })
    };
    let on_forget = {
        let (report, input, load_message) = (props.report.clone(), input.clone(), load_message.clone());
        Callback::from(move |_| {
            if let Some(s) = storage() {
                let _ = s.remove_item(STORAGE_KEY);
            }
            input.set(template(&report, None));
            load_message.set(Some((true, "Additions removed from this browser.".into())));
        })
    };
    let on_salt = { let salt = salt.clone(); Callback::from(move |e: InputEvent| salt.set(e.target_unchecked_into::<HtmlInputElement>().value())) };
    let on_format = { let f = out_format.clone(); Callback::from(move |e: Event| f.set(e.target_unchecked_into::<HtmlSelectElement>().value())) };
    let on_anonymize = {
        let (file, salt, out_format, anon, worker) = (props.file.clone(), salt.clone(), out_format.clone(), anon.clone(), worker.clone());
        let stem = stem.clone();
        Callback::from(move |_| {
            let anon_events = anon.clone();
            let on_event = Callback::from(move |m: FromWorker| match m {
                FromWorker::Progress(p) => anon_events.set(AnonymizeState::Running(p.bytes_read, p.total_bytes)),
                FromWorker::Failed { message, hint, .. } => anon_events.set(AnonymizeState::Failed(format!("{message} {hint}"))),
                _ => {}
            });
            let (anon_done, stem, format_choice, input_name) = (anon.clone(), stem.clone(), (*out_format).clone(), file.name());
            let on_file = Callback::from(move |produced: ProducedFile| {
                let ext = match format_choice.as_str() {
                    "" if input_name.ends_with(".parquet") || input_name.ends_with(".pq") => "parquet",
                    "" => "csv",
                    other => if other == "parquet" { "parquet" } else { "csv" },
                };
                download_blob(&format!("{stem}.anonymized.{ext}"), &produced.blob);
                anon_done.set(AnonymizeState::Done(produced.summary_text));
            });
            match WorkerClient::spawn_with_files(on_event, on_file) {
                Ok(client) => {
                    let request = AnonymizeRequest { salt: (*salt).clone(), format: (*out_format).clone() };
                    client.anonymize(&file, &serde_json::to_string(&request).unwrap_or_default());
                    anon.set(AnonymizeState::Running(0, file.size() as u64));
                    *worker.borrow_mut() = Some(client);
                }
                Err(e) => anon.set(AnonymizeState::Failed(e)),
            }
        })
    };
    html! {
        <section class="kit" aria-labelledby="kit-title" data-testid="kit">
            <h2 id="kit-title">{ "Submission kit" }</h2>
            <p class="help">{ "First drafts of what the FOCUS Conformant certification asks you to publish and submit, made in this browser from this validation. Review and complete them before publishing." }</p>
            <div class="exports">{ for buttons }</div>
            <h3>{ "Your additions" }</h3>
            <p class="help">{ "Workarounds, planned fixes, Known Industry Limitation requests, attestations, invoice totals and column mapping notes. Save the pre-filled file, complete it, and load it back: it is kept in this browser's local storage only." }</p>
            <div class="exports">
                <button type="button" class="button secondary" onclick={on_save_additions}>{ "Save additions (JSON)" }</button>
                <label class="button secondary" for="kit-additions">{ "Load additions…" }</label>
                <input id="kit-additions" class="visually-hidden" type="file" accept=".json,application/json" onchange={on_load_additions} />
                <button type="button" class="button secondary" onclick={on_forget}>{ "Forget additions" }</button>
            </div>
            if let Some((ok, message)) = &*load_message {
                <p class={if *ok { "pass" } else { "fail" }} role="status" data-testid="kit-additions-status">{ message }</p>
            }
            <h3>{ "Anonymized sample" }</h3>
            <p class="help">{ "Identifiers, names, tag values and descriptions become keyed-hash tokens; costs, dates, currencies, categories and quantities stay exactly as they are (docs/anonymize.md). Keep the salt: the same salt gives the same tokens next time." }</p>
            <div class="filters">
                <div class="field"><label for="kit-salt">{ "Salt (keep it secret, write it down)" }</label>
                    <input id="kit-salt" type="text" spellcheck="false" autocomplete="off" value={(*salt).clone()} oninput={on_salt} /></div>
                <div class="field"><label for="kit-format">{ "Output format" }</label>
                    <select id="kit-format" onchange={on_format}>
                        <option value="" selected={out_format.is_empty()}>{ "same as the input" }</option>
                        <option value="csv" selected={out_format.as_str() == "csv"}>{ "CSV" }</option>
                        <option value="parquet" selected={out_format.as_str() == "parquet"}>{ "Parquet" }</option>
                    </select></div>
                <button type="button" class="button" onclick={on_anonymize} disabled={matches!(*anon, AnonymizeState::Running(..))}>{ "Anonymize and download" }</button>
            </div>
            { match &*anon {
                AnonymizeState::Idle => html! {},
                AnonymizeState::Running(done, total) => html! { <p role="status">{ format!("Anonymizing… {} of {}", format::bytes(*done), format::bytes(*total)) }</p> },
                AnonymizeState::Done(summary) => html! { <details open=true data-testid="anonymize-summary"><summary>{ "Anonymized: what changed" }</summary><pre>{ summary }</pre></details> },
                AnonymizeState::Failed(message) => html! { <p class="fail" role="alert">{ message }</p> },
            } }
        </section>
    }
}
