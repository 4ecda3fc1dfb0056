//! Hash routes (`#/score`), so the app is a set of static files that any server can host.
//! The landing page (`/`, no hash) is Validate.

use gloo::events::EventListener;
use yew::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Route {
    Validate,
    Score,
    About,
}

impl Route {
    pub const ALL: [Route; 3] = [Route::Validate, Route::Score, Route::About];

    pub fn title(self) -> &'static str {
        match self {
            Route::Validate => "Validate",
            Route::Score => "Score",
            Route::About => "About & privacy",
        }
    }

    pub fn href(self) -> &'static str {
        match self {
            Route::Validate => "#/",
            Route::Score => "#/score",
            Route::About => "#/about",
        }
    }

    /// Reads the route from a location hash such as `#/score?x=1`.
    pub fn from_hash(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').split('?').next().unwrap_or("");
        match path.trim_matches('/') {
            "score" => Route::Score,
            "about" => Route::About,
            _ => Route::Validate,
        }
    }
}

/// True inside the embeddable widget (`#/score?embed=1`): the page shows the calculator
/// alone, without the site's header and footer, and tells the host page its state.
pub fn is_embedded() -> bool {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    hash.split_once('?').is_some_and(|(_, q)| q.split('&').any(|kv| kv == "embed=1"))
}

fn current_route() -> Route {
    let hash = gloo::utils::window().location().hash().unwrap_or_default();
    Route::from_hash(&hash)
}

/// The current route, updated on every `hashchange`.
#[hook]
pub fn use_route() -> UseStateHandle<Route> {
    let route = use_state(current_route);
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                route.set(current_route());
                // Move focus to the new page so keyboard and screen-reader users land on it.
                if let Some(main) = gloo::utils::document().get_element_by_id("main") {
                    if let Ok(main) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(main) {
                        let _ = main.focus();
                    }
                }
            });
            move || drop(listener)
        });
    }
    route
}
