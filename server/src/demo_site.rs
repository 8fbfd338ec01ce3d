//! The demo company's own website on a second port (a different origin), with
//! the chat widget embedded exactly as a customer's site would: one script tag.
//! `serve` runs it beside the desk so a newcomer sees the whole flow.

use axum::response::Html;
use axum::routing::get;
use axum::Router;
use std::net::SocketAddr;

/// The demo site's signed-in customer, as a real site would know its user.
pub const DEMO_USER: (&str, &str, &str) = ("demo-olivia", "olivia.demo@example.com", "Olivia Demo");

/// The homepage, loading the widget from the desk at `desk` (`http://host:port`).
/// With the company's widget secret it offers to sign in as the demo user: the
/// page then passes `user_hash`, computed here on the server as a real site would.
pub fn homepage(desk: &str, secret: Option<&app::auth::WidgetSecret>) -> String {
    let (user_id, email, name) = DEMO_USER;
    let identify = match secret {
        Some(secret) => format!(
            r#"<p><button type="button" id="signin">Sign in as {name} (demo customer)</button> <span id="who"></span></p>
<script>
document.getElementById('signin').onclick = function () {{
  Switchboard.identify({{ user_id: '{user_id}', email: '{email}', name: '{name}', user_hash: '{hash}' }});
  document.getElementById('who').textContent = 'Signed in as {name}';
}};
</script>"#,
            hash = secret.sign(user_id)
        ),
        None => String::new(),
    };
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Switchboard Rentals: cars across Europe</title>
<style>
body {{ margin: 0; font: 16px/1.5 Georgia, serif; color: #222; background: #fffaf2; }}
header {{ background: #123; color: #fff; padding: 1rem 2rem; display: flex; justify-content: space-between; align-items: center; }}
header a {{ color: #fc6; }}
main {{ max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }}
button, .cta {{ font: inherit; background: #c33; color: #fff; border: 0; padding: .6rem 1.2rem; border-radius: 0; }}
/* A host page's careless global styles: the widget must not be bothered by them. */
iframe {{ border: 5px dashed red !important; }}
div {{ font-family: cursive; }}
</style></head>
<body>
<header><strong>Switchboard Rentals</strong><nav><a href="{desk}/help">Help centre</a></nav></header>
<main>
<h1>Cars at 40 stations across Europe</h1>
<p>Pick up in Lisbon, drop off in Porto. Free cancellation up to 48 hours before pick-up.</p>
<p><button class="cta" type="button" id="chat">Questions? Chat with us</button></p>
<p id="events" aria-live="polite"></p>
{identify}
</main>
<script src="{desk}/widget.js" data-workspace="demo" async></script>
<script>
document.getElementById('chat').onclick = function () {{ window.Switchboard && Switchboard.open(); }};
window.addEventListener('load', function () {{
  if (!window.Switchboard) return;
  Switchboard.on('handoff', function (c) {{ document.getElementById('events').textContent = 'Case #' + c + ' opened'; }});
  Switchboard.on('solved', function () {{ document.getElementById('events').textContent = 'Glad we helped'; }});
}});
</script>
</body></html>"#
    )
}

/// Serves the homepage on `listener` until the process ends.
pub async fn serve(
    listener: tokio::net::TcpListener,
    desk: String,
    secret: Option<app::auth::WidgetSecret>,
) -> std::io::Result<()> {
    let page = homepage(&desk, secret.as_ref());
    let app = Router::new().route("/", get(move || async move { Html(page) }));
    axum::serve(listener, app).await
}

/// The address a browser on this machine reaches `addr` at (`0.0.0.0` is not one).
pub fn browser_url(addr: SocketAddr) -> String {
    if addr.ip().is_unspecified() {
        format!("http://127.0.0.1:{}", addr.port())
    } else {
        format!("http://{addr}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_homepage_embeds_the_widget_with_one_script_tag() {
        let page = homepage("http://127.0.0.1:3000", None);
        assert_eq!(page.matches("/widget.js").count(), 1);
        assert!(page.contains(
            r#"<script src="http://127.0.0.1:3000/widget.js" data-workspace="demo" async>"#
        ));
        assert_eq!(
            browser_url("0.0.0.0:3000".parse().unwrap()),
            "http://127.0.0.1:3000"
        );
    }
}
