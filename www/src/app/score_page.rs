//! The Score page: the FinOps Certified Platform calculator.

use yew::prelude::*;

#[function_component(ScorePage)]
pub fn score_page() -> Html {
    html! {
        <section class="page score" aria-labelledby="score-title">
            <h1 id="score-title">{ "Score a FinOps platform" }</h1>
            <p class="lede">{ "Check a product against the FinOps Certified Platform criteria: capability points, supplemental criteria, the 75% threshold and the gates." }</p>
        </section>
    }
}
