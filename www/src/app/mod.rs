//! The UI: a header with navigation, and one page per route. Pages only render what the
//! core computes (the worker's report, the calculator's result).

mod about_page;
mod format;
mod kit_section;
mod preview;
mod report_view;
mod route;
mod run_options;
mod score_page;
mod validate_page;
mod worker_client;

use yew::prelude::*;

use route::Route;

/// Mounts the app into `#app`.
pub fn start() {
    let root = gloo::utils::document().get_element_by_id("app");
    match root {
        Some(root) => {
            root.set_inner_html("");
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}

#[function_component(App)]
fn app() -> Html {
    let route = route::use_route();
    let page = match *route {
        Route::Validate => html! { <validate_page::ValidatePage /> },
        Route::Score => html! { <score_page::ScorePage /> },
        Route::About => html! { <about_page::AboutPage /> },
    };
    if route::is_embedded() {
        return html! { <main id="main" class="embedded" tabindex="-1"><score_page::ScorePage /></main> };
    }
    html! {
        <>
            <a class="skip-link" href="#main">{ "Skip to content" }</a>
            <header class="site-header">
                <div class="brand">
                    <span class="brand-name">{ "certkit" }</span>
                    <span class="brand-tag">{ "FinOps certification readiness, private to your browser" }</span>
                </div>
                <nav aria-label="Main">
                    <ul>
                        { for Route::ALL.iter().map(|r| nav_link(*r, *route)) }
                    </ul>
                </nav>
            </header>
            <main id="main" tabindex="-1">{ page }</main>
            <footer class="site-footer">
                <p>{ format!("certkit {} · ", certkit::VERSION) }
                   <a href="#/about">{ "Nothing you open here leaves your machine" }</a></p>
            </footer>
        </>
    }
}

fn nav_link(target: Route, current: Route) -> Html {
    let current_attr = (target == current).then_some("page");
    html! {
        <li><a href={target.href()} aria-current={current_attr}>{ target.title() }</a></li>
    }
}
