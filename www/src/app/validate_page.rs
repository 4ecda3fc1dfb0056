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
    /// `preview_missing` says why there is no profile, when there is none.
    Done {
        report: Rc<certkit::report::Report>,
        profile: Option<Rc<certkit::profile::Profile>>,
        preview_missing: Option<String>,
        file: Option<File>,
    },
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
            Action::Worker(FromWorker::Done { report, profile, profile_error }) => match certkit::report::json::from_json(&report) {
                Ok(report) => {
                    // A lost or unreadable profile only costs the preview, not the verdict.
                    let (profile, preview_missing) = match profile.map(|p| serde_json::from_str(&p)) {
                        Some(Ok(profile)) => (Some(Rc::new(profile)), None),
                        Some(Err(e)) => (None, Some(format!("the data profile could not be read ({e})"))),
                        None => (None, Some(profile_error.unwrap_or_else(|| "the validator sent no data profile".into()))),
                    };
                    RunState::Done {
                        report: Rc::new(report),
                        file: match &*self { RunState::Running { file, .. } => file.clone(), _ => None },
                        profile,
                        preview_missing,
                    }
                }
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
    // A worker started when the user shows they are about to give a file (a drag over the
    // drop zone, a click on the file button), so that its 9.6 MB of wasm loads while they
    // drag or pick, not after. The first visit still loads none of it.
    let warm = use_mut_ref(|| None::<WorkerClient>);
    let dragging = use_state(|| false);
    let options = use_state(RunOptions::default);

    let on_worker_event = {
        let dispatcher = state.dispatcher();
        Callback::from(move |m: FromWorker| dispatcher.dispatch(Action::Worker(m)))
    };
    let prepare = {
        let (warm, on_worker_event) = (warm.clone(), on_worker_event.clone());
        Callback::from(move |()| {
            let mut warm = warm.borrow_mut();
            if warm.as_ref().is_none_or(|client| !client.is_usable()) {
                // A worker that cannot start now is tried again, and reported, at the drop.
                *warm = WorkerClient::spawn(on_worker_event.clone()).ok();
                if let Some(client) = warm.as_ref() {
                    client.prepare();
                }
            }
        })
    };

    let start = {
        let (state, worker, warm, options) = (state.clone(), worker.clone(), warm.clone(), options.clone());
        Callback::from(move |file: File| {
            let prepared = warm.borrow_mut().take().filter(WorkerClient::is_usable);
            let client = match prepared.map_or_else(|| WorkerClient::spawn(on_worker_event.clone()), Ok) {
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
        let (dragging, prepare) = (dragging.clone(), prepare.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if !*dragging {
                dragging.set(true);
                prepare.emit(());
            }
        })
    };
    // A click on the file button (or Enter or Space on it) opens the file chooser.
    let on_pick_click = prepare.reform(|_: MouseEvent| ());
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
                       accept=".csv,.gz,.parquet,.pq,text/csv,application/gzip" onchange={on_pick} onclick={on_pick_click} />
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
        RunState::Done { report, profile, preview_missing, file } => html! { <>
            <ReportView report={report.clone()} />
            if let Some(file) = file { <KitSection report={report.clone()} file={file.clone()} /> }
            if let Some(profile) = profile { <DataPreview profile={profile.clone()} /> }
            if let Some(why) = preview_missing { { preview_missing_notice(why) } }
        </> },
    }
}

/// Says that the data preview is missing, and why, so that an empty place where it belongs
/// is not mistaken for a page still loading.
fn preview_missing_notice(why: &str) -> Html {
    html! {
        <section class="notice" role="status" data-testid="preview-missing" aria-labelledby="preview-missing-title">
            <h2 id="preview-missing-title">{ "Data preview not available" }</h2>
            <p>{ format!("The data preview could not be built: {why}.") }</p>
            <p>{ "The validation result above is complete: the preview is built apart from the rules. Drop the file again to get the preview." }</p>
        </section>
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A finished run's report, as the worker sends it.
    fn report_json() -> String {
        let csv = b"BilledCost,BillingCurrency\n1.5,USD\n".to_vec();
        let source = Box::new(certkit::read::BytesSource::new(csv));
        let report =
            certkit::validate::validate(source, "sample.csv", &Default::default(), &mut |_| {
                std::ops::ControlFlow::Continue(())
            })
            .expect("a two-column CSV validates");
        certkit::report::json::to_json_compact(&report)
    }

    fn finish(profile: Option<String>, profile_error: Option<String>) -> RunState {
        let running = Rc::new(RunState::Running {
            name: "sample.csv".into(),
            progress: Progress::default(),
            started_ms: 0.0,
            file: None,
        });
        let done = running.reduce(Action::Worker(FromWorker::Done {
            report: report_json(),
            profile,
            profile_error,
        }));
        (*done).clone()
    }

    #[test]
    fn a_lost_profile_keeps_the_verdict_and_says_why_the_preview_is_missing() {
        let RunState::Done {
            profile,
            preview_missing,
            ..
        } = finish(
            None,
            Some("the profile worker stopped: out of memory".into()),
        )
        else {
            panic!("the run should be done");
        };
        assert!(profile.is_none());
        assert_eq!(
            preview_missing.as_deref(),
            Some("the profile worker stopped: out of memory")
        );
    }

    #[test]
    fn an_unreadable_profile_is_named_as_such() {
        let RunState::Done {
            preview_missing, ..
        } = finish(Some("{not json".into()), None)
        else {
            panic!("the run should be done");
        };
        assert!(
            preview_missing
                .is_some_and(|why| why.starts_with("the data profile could not be read")),
            "no reason given"
        );
    }

    #[test]
    fn a_done_message_from_an_older_worker_still_reads() {
        // Workers from before `profile_error` sent only the report and the profile.
        let old = format!(
            r#"{{"kind":"done","report":{}}}"#,
            serde_json::to_string(&report_json()).unwrap_or_default()
        );
        let message: FromWorker = serde_json::from_str(&old).expect("an old done message reads");
        assert!(matches!(
            message,
            FromWorker::Done {
                profile: None,
                profile_error: None,
                ..
            }
        ));
    }
}
