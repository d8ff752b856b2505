use leptos::prelude::*;

use crate::routes::href;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <article class="not-found">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address. It may have moved, or the link may have a typo."</p>
            <p><a href=href("/")>"See all lessons"</a></p>
        </article>
    }
}
