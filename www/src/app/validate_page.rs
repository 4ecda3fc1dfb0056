//! The Validate page: drop or pick a sample, watch the worker read it, see the result.

use std::rc::Rc;

use web_sys::{DragEvent, File, HtmlInputElement};
use yew::prelude::*;

use super::format;
use super::kit_section::KitSection;
use super::preview::DataPreview;
use super::report_view::ReportView;
use super::run_options::RunOptionsPanel;
use super::worker_client::WorkerClient;
use crate::protocol::{FromWorker, Progress, RunOptions};

/// Where a run is.
#[derive(Clone, PartialEq)]
enum RunState {
    Idle,
    Running { name: String, progress: Progress, started_ms: f64, file: Option<File> },
    Done { report: Rc<certkit::report::Report>, profile: Option<Rc<certkit::profile::Profile>>, file: Option<File> },
    Failed { name: String, message: String, hint: String, place: Option<String> },
    Cancelled { name: String },
}

enum Action {
    Start { name: String, total_bytes: u64, file: Option<File> },
    Worker(FromWorker),
    Cancel,
}

impl Reducible for RunState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let name = match &*self {
            RunState::Running { name, .. } => name.clone(),
            _ => String::new(),
        };
        let next = match action {
            Action::Start { name, total_bytes, file } => RunState::Running {
                name,
                progress: Progress { total_bytes, ..Progress::default() },
                started_ms: js_sys::Date::now(),
                file,
            },
            // Late messages from a cancelled or finished run are ignored.
            Action::Worker(_) if !matches!(*self, RunState::Running { .. }) => return self,
            Action::Worker(FromWorker::Progress(progress)) => match &*self {
                RunState::Running { name, started_ms, file, .. } => {
                    RunState::Running { name: name.clone(), progress, started_ms: *started_ms, file: file.clone() }
                }
                _ => return self,
            },
            Action::Worker(FromWorker::Done { report, profile }) => match certkit::report::json::from_json(&report) {
                Ok(report) => RunState::Done {
                    report: Rc::new(report),
                    file: match &*self { RunState::Running { file, .. } => file.clone(), _ => None },
                    // A profile that does not parse only costs the preview, not the verdict.
                    profile: profile.and_then(|p| serde_json::from_str(&p).ok()).map(Rc::new),
                },
                Err(e) => RunState::Failed {
                    name,
                    message: format!("The validator's report could not be read ({e})."),
                    hint: "Reload the page and try again.".into(),
                    place: None,
                },
            },
            Action::Worker(FromWorker::Failed { message, hint, row, column }) => {
                let place = match (row, column) {
                    (Some(r), Some(c)) => Some(format!("row {}, column {c}", format::thousands(r))),
                    (Some(r), None) => Some(format!("row {}", format::thousands(r))),
                    (None, Some(c)) => Some(format!("column {c}")),
                    (None, None) => None,
                };
                RunState::Failed { name, message, hint, place }
            }
            Action::Worker(FromWorker::Ready) => return self,
            Action::Cancel => RunState::Cancelled { name },
        };
        Rc::new(next)
    }
}

#[function_component(ValidatePage)]
pub fn validate_page() -> Html {
    let state = use_reducer(|| RunState::Idle);
    // The worker of the current run; replacing or dropping it stops it.
    let worker = use_mut_ref(|| None::<WorkerClient>);
    let dragging = use_state(|| false);
    let options = use_state(RunOptions::default);

    let start = {
        let (state, worker, options) = (state.clone(), worker.clone(), options.clone());
        Callback::from(move |file: File| {
            let dispatcher = state.dispatcher();
            let on_event = Callback::from(move |m: FromWorker| dispatcher.dispatch(Action::Worker(m)));
            let client = match WorkerClient::spawn(on_event) {
                Ok(client) => client,
                Err(message) => {
                    state.dispatch(Action::Start { name: file.name(), total_bytes: 0, file: None });
                    state.dispatch(Action::Worker(FromWorker::Failed {
                        message,
                        hint: "Your browser must allow module Web Workers (current Chrome, Edge, Firefox or Safari).".into(),
                        row: None,
                        column: None,
                    }));
                    return;
                }
            };
            state.dispatch(Action::Start { name: file.name(), total_bytes: file.size() as u64, file: Some(file.clone()) });
            client.validate(&file, &serde_json::to_string(&*options).unwrap_or_default());
            *worker.borrow_mut() = Some(client);
        })
    };

    let on_pick = {
        let start = start.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                start.emit(file);
            }
            // Picking the same file again must start a new run.
            input.set_value("");
        })
    };
    let on_drop = {
        let (start, dragging) = (start.clone(), dragging.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(file) = e.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
                start.emit(file);
            }
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_| dragging.set(false))
    };
    let on_cancel = {
        let (state, worker) = (state.clone(), worker.clone());
        Callback::from(move |_| {
            worker.borrow_mut().take();
            state.dispatch(Action::Cancel);
        })
    };

    let zone_class = classes!("drop-zone", dragging.then_some("dragging"));
    html! {
        <section class="page validate" aria-labelledby="validate-title">
            <h1 id="validate-title">{ "Validate a FOCUS sample" }</h1>
            <p class="lede">{ "Check a billing sample against FOCUS 1.2 the way the FinOps Certified FOCUS Conformant review does. The file is read here, in your browser, and never uploaded." }</p>
            <div class={zone_class} ondrop={on_drop} ondragover={on_drag_over} ondragleave={on_drag_leave}>
                <p>{ "Drop a CSV, CSV.gz or Parquet file here, or" }</p>
                // The input comes first so that the CSS can show its keyboard focus on the label.
                <input id="sample-file" class="visually-hidden" type="file"
                       accept=".csv,.gz,.parquet,.pq,text/csv,application/gzip" onchange={on_pick} />
                <label class="button" for="sample-file">{ "Choose a file…" }</label>
            </div>
            <RunOptionsPanel options={(*options).clone()} on_change={{
                let options = options.clone();
                Callback::from(move |next: RunOptions| options.set(next))
            }} />
            { render_state(&state, on_cancel) }
        </section>
    }
}

fn render_state(state: &RunState, on_cancel: Callback<MouseEvent>) -> Html {
    match state {
        RunState::Idle => html! {},
        RunState::Running { name, progress, started_ms, .. } => render_progress(name, progress, *started_ms, on_cancel),
        RunState::Cancelled { name } => html! {
            <div class="notice" role="status"><p>{ format!("Stopped reading {name}. Nothing was kept.") }</p></div>
        },
        RunState::Failed { name, message, hint, place } => html! {
            <div class="error-card" role="alert" data-testid="read-error">
                <h2>{ format!("{name} could not be read") }</h2>
                <p class="error-message">{ message }{ place.as_ref().map(|p| format!(" ({p})")).unwrap_or_default() }</p>
                <p class="error-hint">{ hint }</p>
            </div>
        },
        RunState::Done { report, profile, file } => html! { <>
            <ReportView report={report.clone()} />
            if let Some(file) = file { <KitSection report={report.clone()} file={file.clone()} /> }
            if let Some(profile) = profile { <DataPreview profile={profile.clone()} /> }
        </> },
    }
}

fn render_progress(name: &str, progress: &Progress, started_ms: f64, on_cancel: Callback<MouseEvent>) -> Html {
    let elapsed = ((js_sys::Date::now() - started_ms) / 1000.0).max(0.001);
    let rate = progress.bytes_read as f64 / elapsed;
    let left = if rate > 0.0 && progress.total_bytes >= progress.bytes_read {
        format::duration((progress.total_bytes - progress.bytes_read) as f64 / rate)
    } else {
        "–".into()
    };
    let percent = if progress.total_bytes > 0 { progress.bytes_read as f64 * 100.0 / progress.total_bytes as f64 } else { 0.0 };
    html! {
        <div class="progress-card" role="status" aria-live="polite" data-testid="progress"
             data-bytes={progress.bytes_read.to_string()} data-rows={progress.rows.to_string()} data-memory={progress.memory_bytes.to_string()}>
            <h2>{ format!("Reading {name}…") }</h2>
            <progress max="100" value={format!("{percent:.1}")} aria-label="Bytes read">{ format!("{percent:.0}%") }</progress>
            <p class="progress-figures">
                { format!("{} of {} · {} rows · {}/s · about {} left · validator memory {}",
                    format::bytes(progress.bytes_read), format::bytes(progress.total_bytes),
                    format::thousands(progress.rows), format::bytes(rate as u64), left, format::bytes(progress.memory_bytes)) }
            </p>
            <button type="button" class="button secondary" onclick={on_cancel}>{ "Cancel" }</button>
        </div>
    }
}
