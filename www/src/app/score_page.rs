//! The Score page: the certification calculator. Every answer re-scores at once through the
//! core (`certkit::calc`); the page only renders the result. The answers live in the URL
//! (`#/score?a=<assessment JSON>`), so a result can be shared as a link, and the same JSON
//! works with `certkit score`.

use certkit::calc::{self, Assessment, CertKind, GateKind, Program, ScoreResult};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::format;

/// One change the user makes to the assessment.
#[derive(Clone)]
enum Edit {
    Program(String),
    Toggle(List, String, bool),
    TechnologyConcentration(bool),
    CompanySize(u64),
    Staff(CertKind, u64),
    Engineers(u64),
    FinopsFoundation(bool),
    LinuxFoundation(bool),
    FocusSupported(bool),
    GapReport(bool),
    Community(bool),
    AssetMonths(Option<u64>),
    Evidence(bool),
    Attestation(String, bool),
    Reading(calc::Reading),
}

#[derive(Clone, Copy, PartialEq)]
enum List {
    Capabilities,
    Scopes,
    Providers,
    Compliances,
}

fn apply(a: &mut Assessment, edit: Edit) {
    match edit {
        Edit::Program(_) => {}
        Edit::Toggle(list, id, on) => {
            let items = match list {
                List::Capabilities => &mut a.capabilities,
                List::Scopes => &mut a.scopes,
                List::Providers => &mut a.cloud_providers,
                List::Compliances => &mut a.compliances,
            };
            items.retain(|x| x != &id);
            if on {
                items.push(id);
            }
        }
        Edit::TechnologyConcentration(on) => a.technology_concentration = on,
        // The contract counts at least one employee.
        Edit::CompanySize(n) => a.company_size = n.max(1),
        Edit::Staff(CertKind::Practitioner, n) => a.certified_staff.practitioner = n,
        Edit::Staff(CertKind::Professional, n) => a.certified_staff.professional = n,
        Edit::Staff(CertKind::FocusAnalyst, n) => a.certified_staff.focus_analyst = n,
        Edit::Engineers(n) => a.certified_staff.engineer = n,
        Edit::FinopsFoundation(on) => a.memberships.finops_foundation = on,
        Edit::LinuxFoundation(on) => a.memberships.linux_foundation = on,
        Edit::FocusSupported(on) => a.focus.supported = on,
        Edit::GapReport(on) => a.focus.gap_report_published = on,
        Edit::Community(on) => a.community_engagement = on,
        Edit::AssetMonths(m) => a.asset_contribution_months_ago = m,
        Edit::Evidence(on) => a.public_evidence_and_demo = on,
        Edit::Attestation(id, on) => {
            a.attestations.insert(id, on);
        }
        Edit::Reading(r) => a.reading = r,
    }
}

/// The assessment as the JSON contract of `docs/assessment.md` (what the link and the CLI read).
fn assessment_json(a: &Assessment) -> String {
    let mut value = serde_json::to_value(a).unwrap_or_default();
    if let Some(map) = value.as_object_mut() {
        // Parser notes are output, not input; empty optional answers only lengthen the link.
        map.remove("notes");
        map.retain(|key, v| {
            let empty = v.is_null() || v.as_array().is_some_and(|x| x.is_empty()) || v.as_object().is_some_and(|x| x.is_empty());
            key == "asset_contribution_months_ago" || !(empty || (key == "prices" && all_null(v)))
        });
    }
    value.to_string()
}

fn all_null(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Null => true,
        serde_json::Value::Object(map) => map.values().all(all_null),
        _ => false,
    }
}

/// A blank assessment: nothing met, nobody certified. Every field is given because the
/// assessment contract requires each answer the program uses.
fn empty_assessment(program: &Program) -> Option<Assessment> {
    let blank = serde_json::json!({
        "program": program.id,
        "capabilities": [], "scopes": [], "technology_concentration": false, "cloud_providers": [], "compliances": [],
        "company_size": 1,
        "certified_staff": { "practitioner": 0, "professional": 0, "focus_analyst": 0, "engineer": 0 },
        "memberships": { "finops_foundation": false, "linux_foundation": false },
        "focus": { "supported": false, "gap_report_published": false },
        "community_engagement": false, "asset_contribution_months_ago": null, "public_evidence_and_demo": false,
    });
    let mut assessment = Assessment::from_json_for(&blank.to_string(), program).ok()?;
    // Fields this program does not use were noted as ignored; that note is noise here.
    assessment.notes.clear();
    Some(assessment)
}

/// Reads `a=` from the hash query, if it holds a valid assessment.
/// Reads `a=` from the hash query: `None` when there is none, an error (field and reason)
/// when the link holds an assessment the calculator refuses.
fn assessment_from_url() -> Option<Result<(Program, Assessment), String>> {
    let hash = gloo::utils::window().location().hash().ok()?;
    let query = hash.split_once('?')?.1;
    let encoded = query.split('&').find_map(|kv| kv.strip_prefix("a="))?;
    let read = || -> Result<(Program, Assessment), String> {
        let json: String = js_sys::decode_uri_component(encoded).map_err(|_| "the link is not properly encoded".to_string())?.into();
        let assessment = Assessment::from_json(&json).map_err(|e| e.to_string())?;
        let program = calc::builtin_program(&assessment.program).map_err(|e| e.to_string())?;
        Ok((program, assessment))
    };
    Some(read())
}

fn blank_platform() -> Option<(Program, Assessment)> {
    let program = calc::builtin_program("platform").ok()?;
    let assessment = empty_assessment(&program)?;
    Some((program, assessment))
}

fn write_url(a: &Assessment) {
    let json = assessment_json(a);
    let encoded: String = js_sys::encode_uri_component(&json).into();
    let embedded = super::route::is_embedded();
    let url = format!("#/score?{}a={encoded}", if embedded { "embed=1&" } else { "" });
    if embedded {
        tell_host_page(&json);
    }
    if let Ok(history) = gloo::utils::window().history() {
        // replaceState does not fire hashchange, so the page is not re-mounted.
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// In the widget, the host page keeps the state in its own URL (see `www/static/widget.js`).
fn tell_host_page(assessment_json: &str) {
    let window = gloo::utils::window();
    let Ok(Some(parent)) = window.parent() else { return };
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"certkit".into(), &"state".into());
    let _ = js_sys::Reflect::set(&message, &"assessment".into(), &assessment_json.into());
    let _ = parent.post_message(&message, "*");
}

#[derive(Clone, PartialEq)]
struct State {
    program: Program,
    assessment: Assessment,
}

/// The page's state; `None` only if the built-in programs failed to load.
#[derive(Clone, PartialEq)]
struct Page(Option<State>, Option<String>);

impl Reducible for Page {
    type Action = Edit;

    /// Applies one edit to the latest state (a reducer, so quick successive edits never
    /// read a stale copy), then records it in the URL.
    fn reduce(self: std::rc::Rc<Self>, edit: Edit) -> std::rc::Rc<Self> {
        let Some(mut next) = self.0.clone() else { return self };
        let link_error = self.1.clone();
        if let Edit::Program(id) = &edit {
            let Ok(program) = calc::builtin_program(id) else { return self };
            // Keep the answers the new program also uses; the rest fall back to blank.
            let mut answers = serde_json::from_str::<serde_json::Value>(&assessment_json(&next.assessment)).unwrap_or_default();
            answers["program"] = serde_json::Value::from(program.id.clone());
            next.assessment = Assessment::from_json_for(&answers.to_string(), &program)
                .ok()
                .or_else(|| empty_assessment(&program))
                .unwrap_or(next.assessment);
            next.assessment.notes.clear();
            next.program = program;
        } else {
            apply(&mut next.assessment, edit);
        }
        write_url(&next.assessment);
        std::rc::Rc::new(Page(Some(next), link_error))
    }
}

#[function_component(ScorePage)]
pub fn score_page() -> Html {
    let page = use_reducer(|| {
        let (start, link_error) = match assessment_from_url() {
            Some(Ok(found)) => (Some(found), None),
            Some(Err(e)) => (blank_platform(), Some(e)),
            None => (blank_platform(), None),
        };
        Page(start.map(|(program, assessment)| State { program, assessment }), link_error)
    });
    let Some(current) = page.0.clone() else {
        return html! { <section class="page score"><p class="error-card" role="alert">{ "The built-in programs could not be loaded. Reload the page." }</p></section> };
    };
    let edit = {
        let dispatcher = page.dispatcher();
        Callback::from(move |edit: Edit| dispatcher.dispatch(edit))
    };
    let result = calc::score(&current.program, &current.assessment);
    let programs = calc::programs();

    let on_program = {
        let edit = edit.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            edit.emit(Edit::Program(select.value()));
        })
    };

    html! {
        <section class="page score" aria-labelledby="score-title">
            <h1 id="score-title">{ "Score a FinOps platform" }</h1>
            <p class="lede">{ "Answer for your organization; the score, the gates and the staffing plan update as you go. Your answers stay in this page's address, so you can share the result as a link." }</p>
            if let Some(e) = &page.1 {
                <div class="error-card" role="alert"><p>{ format!("The link's answers could not be used ({e}); starting from a blank assessment.") }</p></div>
            }
            <div class="score-layout">
                <form class="score-form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                    <fieldset>
                        <legend>{ "Program" }</legend>
                        <label for="program">{ "Certification" }</label>
                        <select id="program" onchange={on_program}>
                            { for programs.iter().map(|p| html! {
                                <option value={p.id.clone()} selected={p.id == current.program.id}>{ &p.name }</option>
                            }) }
                        </select>
                        <p class="help">{ &current.program.summary }</p>
                    </fieldset>
                    { capabilities_fields(&current, &edit) }
                    { supplemental_fields(&current, &edit) }
                    { organization_fields(&current, &edit) }
                    { gate_fields(&current, &edit) }
                </form>
                { result_panel(&current, &result, &edit) }
            </div>
        </section>
    }
}

fn checkbox(id: String, label: Html, checked: bool, on: Callback<bool>) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        on.emit(input.checked());
    });
    html! {
        <div class="check">
            <input type="checkbox" id={id.clone()} {checked} {onchange} />
            <label for={id}>{ label }</label>
        </div>
    }
}

fn number(id: &str, label: &str, value: Option<u64>, placeholder: &str, on: Callback<Option<u64>>) -> Html {
    let oninput = Callback::from(move |e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        let text = input.value();
        on.emit(text.trim().parse::<u64>().ok());
    });
    html! {
        <div class="field">
            <label for={id.to_string()}>{ label }</label>
            <input type="number" min="0" step="1" inputmode="numeric" id={id.to_string()} placeholder={placeholder.to_string()}
                   value={value.map(|v| v.to_string()).unwrap_or_default()} {oninput} />
        </div>
    }
}

fn points_label(name: &str, points: u64) -> Html {
    html! { <>{ name }<span class="points">{ format!(" {points} pts") }</span></> }
}

fn capabilities_fields(state: &State, edit: &Callback<Edit>) -> Html {
    let Some(scoring) = &state.program.scoring else { return html! {} };
    html! {
        <fieldset>
            <legend>{ "Framework Capabilities (met or not; no partial credit)" }</legend>
            { for scoring.domains.iter().map(|domain| html! {
                <div class="group">
                    <h3>{ &domain.name }</h3>
                    { for scoring.capabilities.iter().filter(|c| c.domain == domain.id).map(|c| {
                        let (edit, id) = (edit.clone(), c.id.clone());
                        let aka = c.aliases.first().map(|a| format!(" (now: {})", a.name)).unwrap_or_default();
                        checkbox(format!("cap-{}", c.id), html!{ <>{ points_label(&c.name, c.points as u64) }<span class="aka">{ aka }</span></> },
                            state.assessment.capabilities.contains(&c.id),
                            Callback::from(move |on| edit.emit(Edit::Toggle(List::Capabilities, id.clone(), on))))
                    }) }
                </div>
            }) }
        </fieldset>
    }
}

fn supplemental_fields(state: &State, edit: &Callback<Edit>) -> Html {
    let Some(scoring) = &state.program.scoring else { return html! {} };
    let s = &scoring.supplemental;
    let list = |per: &calc::PerItem, list: List, chosen: &Vec<String>, prefix: &str| {
        html! {
            <div class="group">
                <h3>{ format!("{} ({} pts each)", per.name, per.points_each) }</h3>
                { for per.catalogue.iter().map(|item| {
                    let (edit, id) = (edit.clone(), item.id.clone());
                    checkbox(format!("{prefix}-{}", item.id), html!{ { &item.name } }, chosen.contains(&item.id),
                        Callback::from(move |on| edit.emit(Edit::Toggle(list, id.clone(), on))))
                }) }
            </div>
        }
    };
    let tech = {
        let edit = edit.clone();
        checkbox("tech-concentration".into(), points_label(&s.technology_concentration.name, s.technology_concentration.points as u64),
            state.assessment.technology_concentration, Callback::from(move |on| edit.emit(Edit::TechnologyConcentration(on))))
    };
    html! {
        <fieldset>
            <legend>{ "Supplemental criteria" }</legend>
            { list(&s.scopes, List::Scopes, &state.assessment.scopes, "scope") }
            <div class="group">{ tech }</div>
            { list(&s.cloud_providers, List::Providers, &state.assessment.cloud_providers, "provider") }
            { list(&s.compliances, List::Compliances, &state.assessment.compliances, "compliance") }
        </fieldset>
    }
}

fn organization_fields(state: &State, edit: &Callback<Edit>) -> Html {
    let a = &state.assessment;
    let staff = |kind: CertKind, id: &str, value: u64| {
        let edit = edit.clone();
        number(id, kind.title(), Some(value), "0", Callback::from(move |n: Option<u64>| edit.emit(Edit::Staff(kind, n.unwrap_or(0)))))
    };
    let size = {
        let edit = edit.clone();
        number("company-size", "Employees of the parent organization", Some(a.company_size), "e.g. 1500",
            Callback::from(move |n: Option<u64>| edit.emit(Edit::CompanySize(n.unwrap_or(0)))))
    };
    let engineers = {
        let edit = edit.clone();
        number("staff-engineer", "FinOps Certified Engineer (counts 1:1 toward Practitioner)", Some(a.certified_staff.engineer), "0",
            Callback::from(move |n: Option<u64>| edit.emit(Edit::Engineers(n.unwrap_or(0)))))
    };
    html! {
        <fieldset>
            <legend>{ "Organization and certified people" }</legend>
            { size }
            <p class="help">{ &state.program.staff.size_note }</p>
            { staff(CertKind::Practitioner, "staff-practitioner", a.certified_staff.practitioner) }
            { engineers }
            { staff(CertKind::Professional, "staff-professional", a.certified_staff.professional) }
            { staff(CertKind::FocusAnalyst, "staff-focus-analyst", a.certified_staff.focus_analyst) }
        </fieldset>
    }
}

fn gate_fields(state: &State, edit: &Callback<Edit>) -> Html {
    let a = &state.assessment;
    let fields = state.program.gates.iter().map(|gate| {
        let edit = edit.clone();
        let id = format!("gate-{}", gate.id);
        let label = html! { { &gate.name } };
        match gate.kind {
            GateKind::FinopsFoundationMembership => checkbox(id, label, a.memberships.finops_foundation, Callback::from(move |on| edit.emit(Edit::FinopsFoundation(on)))),
            GateKind::LinuxFoundationMembership => checkbox(id, label, a.memberships.linux_foundation, Callback::from(move |on| edit.emit(Edit::LinuxFoundation(on)))),
            GateKind::IndividualCertifications => html! {},
            GateKind::FocusSupport => {
                let edit2 = edit.clone();
                html! { <>
                    { checkbox(format!("{id}-supported"), html!{ "Produces, imports or exports FOCUS datasets" }, a.focus.supported, Callback::from(move |on| edit.emit(Edit::FocusSupported(on)))) }
                    { checkbox(format!("{id}-gap-report"), html!{ "Has published a FOCUS conformance gap report" }, a.focus.gap_report_published, Callback::from(move |on| edit2.emit(Edit::GapReport(on)))) }
                </> }
            }
            GateKind::CommunityEngagement => checkbox(id, label, a.community_engagement, Callback::from(move |on| edit.emit(Edit::Community(on)))),
            GateKind::AssetContribution => number(&id, "Months since the latest Asset Library contribution (empty: none)", a.asset_contribution_months_ago, "none",
                Callback::from(move |m| edit.emit(Edit::AssetMonths(m)))),
            GateKind::PublicEvidenceAndDemo => checkbox(id, label, a.public_evidence_and_demo, Callback::from(move |on| edit.emit(Edit::Evidence(on)))),
            GateKind::Attestation => {
                let gate_id = gate.id.clone();
                checkbox(id, label, a.attestations.get(&gate.id).copied().unwrap_or(false), Callback::from(move |on| edit.emit(Edit::Attestation(gate_id.clone(), on))))
            }
        }
    });
    html! {
        <fieldset>
            <legend>{ "Gates (all must hold)" }</legend>
            { for fields }
        </fieldset>
    }
}

fn result_panel(state: &State, r: &ScoreResult, edit: &Callback<Edit>) -> Html {
    let verdict = if r.eligible { "pass" } else { "fail" };
    html! {
        <aside class="score-result" aria-live="polite" aria-labelledby="score-result-title">
            <div class={classes!("verdict-card", verdict)} data-testid="score-verdict" data-verdict={verdict}>
                <h2 id="score-result-title">{ if r.eligible { "Eligible" } else { "Not eligible yet" } }</h2>
                <p>{ &r.summary }</p>
            </div>
            { points_block(r, edit) }
            <h3>{ "Gates" }</h3>
            <ul class="gates">
                { for r.gates.iter().map(|g| html! {
                    <li class={if g.met { "pass" } else { "fail" }} data-gate={g.id.clone()}>
                        <span aria-hidden="true">{ if g.met { "✓ " } else { "✗ " } }</span>
                        <span class="visually-hidden">{ if g.met { "Met: " } else { "Not met: " } }</span>
                        <strong>{ &g.name }</strong>{ ". " }{ &g.detail }
                    </li>
                }) }
            </ul>
            { staffing_block(r) }
            <p class="no-print"><a href={format!("#/score?a={}", String::from(js_sys::encode_uri_component(&assessment_json(&state.assessment))))} data-testid="share-link">{ "Link to this result" }</a></p>
        </aside>
    }
}

fn points_block(r: &ScoreResult, edit: &Callback<Edit>) -> Html {
    let (Some(points), Some(percent), Some(threshold)) = (r.points, r.percent, r.threshold_percent) else {
        return html! { <p class="help">{ "This program has no capability points: eligibility rests on the gates and the staffing below." }</p> };
    };
    let other = r.other_reading.as_ref();
    let on_reading = {
        let edit = edit.clone();
        let other_reading = other.map(|o| o.reading);
        Callback::from(move |_| if let Some(reading) = other_reading { edit.emit(Edit::Reading(reading)) })
    };
    html! {
        <div class="points-block">
            <p class="score-figure" data-testid="score-points">
                { format!("{} of {} points ({percent:.1}%); {:.2} points needed ({threshold}%)", points.earned, points.possible, points.needed) }
            </p>
            <svg class="score-bar" viewBox="0 0 100 8" preserveAspectRatio="none" role="img"
                 aria-label={format!("{percent:.1}% against a {threshold}% threshold")}>
                <rect x="0" y="0" width="100" height="8" class="bar-bg" />
                <rect x="0" y="0" width={format!("{:.2}", percent.min(100.0))} height="8" class={if r.meets_threshold == Some(true) { "bar-pass" } else { "bar-fail" }} />
                <line x1={format!("{threshold}")} x2={format!("{threshold}")} y1="0" y2="8" class="bar-threshold" />
            </svg>
            if let Some(desc) = &r.reading_description { <p class="help">{ format!("Reading: {desc}") }</p> }
            if let Some(o) = other {
                <p class="help">
                    { format!("Under the other reading: {} of {} points ({:.1}%), {}. ", o.points.earned, o.points.possible, o.percent,
                        if o.meets_threshold { "meets the threshold" } else { "below the threshold" }) }
                    <button type="button" class="link-button" onclick={on_reading}>{ "Use that reading" }</button>
                </p>
            }
            if let Some(missing) = r.missing_points.filter(|m| *m > 0) {
                <div class="missing">
                    <h3>{ format!("{missing} points short") }</h3>
                    if !r.shortest_paths.is_empty() {
                        <p>{ "The shortest ways to close the gap (fewest capabilities, then fewest points over):" }</p>
                        <ol data-testid="shortest-paths">
                            { for r.shortest_paths.iter().map(|p| html! {
                                <li>{ format!("{} (+{} pts, {} over)", p.names.join(" + "), p.points_added, p.points_over) }</li>
                            }) }
                        </ol>
                    }
                    if let Some(note) = &r.paths_note { <p class="help">{ note }</p> }
                </div>
            }
        </div>
    }
}

fn staffing_block(r: &ScoreResult) -> Html {
    let s = &r.staffing;
    let money = |v: Option<u64>| v.map(|d| format!("${}", format::thousands(d))).unwrap_or_else(|| "price unknown".into());
    html! {
        <div class="staffing">
            <h3>{ format!("Certified people ({} tier)", s.tier) }</h3>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Certified people required, held and missing">
                <table>
                    <thead><tr><th scope="col">{ "Certification" }</th><th scope="col">{ "Required" }</th><th scope="col">{ "Held" }</th><th scope="col">{ "Missing" }</th>
                        <th scope="col">{ "Exam only" }</th><th scope="col">{ "Self-paced" }</th><th scope="col">{ "Instructor-led" }</th></tr></thead>
                    <tbody>
                        { for s.kinds().into_iter().map(|(_, k)| html! {
                            <tr>
                                <th scope="row">{ &k.name }</th>
                                <td>{ k.required }</td>
                                <td>{ k.held }{ if k.engineers_counted > 0 { format!(" (incl. {} Engineers)", k.engineers_counted) } else { String::new() } }</td>
                                <td>{ k.missing }</td>
                                <td>{ money(k.cost.exam_only) }</td>
                                <td>{ money(k.cost.self_paced) }</td>
                                <td>{ money(k.cost.instructor_led) }</td>
                            </tr>
                        }) }
                    </tbody>
                    <tfoot><tr><th scope="row" colspan="4">{ "Total cost of the missing certifications (USD)" }</th>
                        <td>{ money(s.total_cost.exam_only) }</td><td>{ money(s.total_cost.self_paced) }</td><td>{ money(s.total_cost.instructor_led) }</td></tr></tfoot>
                </table>
            </div>
        </div>
    }
}
