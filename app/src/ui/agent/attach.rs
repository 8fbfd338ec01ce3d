//! Files on a reply or note: picked, checked in the browser (kind, size, how
//! many), uploaded at once, listed until sent; and the files of an entry on
//! the timeline.

use crate::domain::attachment::{size_words, AttachmentView, ACCEPT};
use crate::domain::CaseId;
use leptos::prelude::*;

/// The "Attach files" control and the files waiting to go with the message.
#[component]
pub fn AttachFiles(
    case_id: CaseId,
    files: RwSignal<Vec<AttachmentView>>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let uploading = RwSignal::new(0usize);
    let input = NodeRef::<leptos::html::Input>::new();
    let on_change = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(el) = input.get_untracked() {
            browser::pick(&el, case_id, files, error, uploading);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (case_id, error);
    };
    view! {
        <div class="attach">
            <label class="button secondary attach-button">
                "Attach files"
                <input type="file" class="visually-hidden" multiple accept=ACCEPT node_ref=input
                    data-testid="attach-input" aria-label="Attach files (images or PDF, at most 5 MB each)"
                    on:change=on_change/>
            </label>
            {move || (uploading.get() > 0).then(|| view! { <span class="muted small" role="status">"Uploading…"</span> })}
            <ul class="pending-files" data-testid="pending-files">
                <For each=move || files.get() key=|f| f.token.clone() let:f>
                    {
                        let token = f.token.clone();
                        view! {
                            <li>
                                <span>{f.filename.clone()}</span>
                                <span class="muted small">{size_words(f.size)}</span>
                                <button type="button" class="link" aria-label=format!("Remove {}", f.filename)
                                    on:click=move |_| files.update(|l| l.retain(|x| x.token != token))>"Remove"</button>
                            </li>
                        }
                    }
                </For>
            </ul>
        </div>
    }
}

/// The files of a timeline entry: pictures shown small, other files as links.
#[component]
pub fn EntryFiles(files: Vec<AttachmentView>) -> impl IntoView {
    (!files.is_empty()).then(|| {
        view! {
            <ul class="entry-files" data-testid="entry-files">
                {files.into_iter().map(|f| {
                    let url = f.url();
                    let img = url.clone();
                    let label = format!("{} ({})", f.filename, size_words(f.size));
                    if f.is_image() {
                        view! {
                            <li><a href=url.clone() target="_blank" rel="noopener">
                                <img src=img alt=f.filename.clone() loading="lazy"/>
                            </a><span class="muted small">{label}</span></li>
                        }.into_any()
                    } else {
                        view! { <li><a href=url.clone() download=f.filename.clone()>{label}</a></li> }.into_any()
                    }
                }).collect_view()}
            </ul>
        }
    })
}

#[cfg(feature = "hydrate")]
mod browser {
    //! Reading the picked files and uploading them.

    use super::*;
    use crate::domain::attachment::{too_large, MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES};
    use crate::error::AppError;

    pub fn pick(
        el: &web_sys::HtmlInputElement,
        case_id: CaseId,
        files: RwSignal<Vec<AttachmentView>>,
        error: RwSignal<Option<String>>,
        uploading: RwSignal<usize>,
    ) {
        let Some(list) = el.files() else { return };
        error.set(None);
        for i in 0..list.length() {
            let Some(file) = list.get(i) else { continue };
            let name = file.name();
            if files.with_untracked(|f| f.len()) + uploading.get_untracked() >= MAX_ATTACHMENTS {
                error.set(Some(format!(
                    "A message can carry at most {MAX_ATTACHMENTS} files."
                )));
                break;
            }
            if file.size() > MAX_ATTACHMENT_BYTES as f64 {
                error.set(Some(format!("{name}: {}", too_large())));
                continue;
            }
            uploading.update(|n| *n += 1);
            leptos::task::spawn_local(async move {
                match upload(case_id, &file).await {
                    Ok(view) => files.update(|l| l.push(view)),
                    Err(reason) => error.set(Some(format!("{name}: {reason}"))),
                }
                uploading.update(|n| *n = n.saturating_sub(1));
            });
        }
        // The same file may be picked again after a removal.
        el.set_value("");
    }

    async fn upload(case_id: CaseId, file: &web_sys::File) -> Result<AttachmentView, String> {
        let name: String = js_sys::encode_uri_component(&file.name()).into();
        let request =
            gloo_net::http::Request::post(&format!("/api/cases/{}/attachments", case_id.0))
                .header("x-filename", &name)
                .body(wasm_bindgen::JsValue::from(file.clone()))
                .map_err(|e| e.to_string())?;
        let response = request.send().await.map_err(|e| e.to_string())?;
        if response.status() == 201 {
            return response
                .json::<AttachmentView>()
                .await
                .map_err(|e| e.to_string());
        }
        Err(match response.json::<AppError>().await {
            Ok(AppError::InvalidField { reason, .. }) => reason,
            Ok(e) => e.to_string(),
            Err(_) => format!("The upload failed ({}).", response.status()),
        })
    }
}
