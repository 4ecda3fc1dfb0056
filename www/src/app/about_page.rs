//! What certkit is, and the privacy promise.

use yew::prelude::*;

#[function_component(AboutPage)]
pub fn about_page() -> Html {
    html! {
        <section class="page about" aria-labelledby="about-title">
            <h1 id="about-title">{ "About certkit and your privacy" }</h1>
            <p>{ "certkit tells a FinOps vendor whether it is ready for the FinOps Foundation's certifications: the FOCUS Conformant review of a billing sample, and the FinOps Certified Platform criteria." }</p>
            <h2>{ "Nothing leaves your machine" }</h2>
            <ul>
                <li>{ "Files you open are read inside this browser tab by a Web Worker. They are never uploaded." }</li>
                <li>{ "After the page has loaded, the app makes no network request: its Content-Security-Policy only allows its own files." }</li>
                <li>{ "There are no cookies, no analytics and no third-party scripts." }</li>
            </ul>
            <h2>{ "Not an official verdict" }</h2>
            <p>{ "certkit reads the published criteria and the FOCUS specification as a careful reviewer would. Where they are silent or ambiguous it says so and shows which reading it took. Only the FinOps Foundation certifies." }</p>
        </section>
    }
}
