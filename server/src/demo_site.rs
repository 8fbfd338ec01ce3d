//! The demo company's own website on a second port (a different origin), with
//! the chat widget embedded exactly as a customer's site would: one script tag.
//! `serve` runs it beside the desk so a newcomer sees the whole flow.

use axum::response::Html;
use axum::routing::get;
use axum::Router;
use std::net::SocketAddr;

/// The homepage, loading the widget from the desk at `desk` (`http://host:port`).
pub fn homepage(desk: &str) -> String {
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
pub async fn serve(listener: tokio::net::TcpListener, desk: String) -> std::io::Result<()> {
    let page = homepage(&desk);
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
        let page = homepage("http://127.0.0.1:3000");
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
