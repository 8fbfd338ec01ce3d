//! Optional sound and browser notification for new alerts, chosen per browser
//! (kept in local storage). The browser asks the person for permission once;
//! refused, the sound still plays.

use crate::domain::alert::Alert;

#[cfg(feature = "hydrate")]
const KEY: &str = "switchboard.alerts.notify";

/// Whether this browser asked to be told of new alerts.
pub fn enabled() -> bool {
    #[cfg(feature = "hydrate")]
    {
        storage()
            .and_then(|s| s.get_item(KEY).ok().flatten())
            .is_some_and(|v| v == "1")
    }
    #[cfg(not(feature = "hydrate"))]
    false
}

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Turns notifications on or off; turning them on asks for the browser's
/// permission (the sound plays whatever the answer).
pub fn set_enabled(on: bool) {
    #[cfg(feature = "hydrate")]
    {
        if let Some(s) = storage() {
            let _ = s.set_item(KEY, if on { "1" } else { "0" });
        }
        if on && web_sys::Notification::permission() == web_sys::NotificationPermission::Default {
            let _ = web_sys::Notification::request_permission();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = on;
}

/// Whether the browser refused notifications (then only the sound plays).
pub fn blocked() -> bool {
    #[cfg(feature = "hydrate")]
    {
        web_sys::Notification::permission() == web_sys::NotificationPermission::Denied
    }
    #[cfg(not(feature = "hydrate"))]
    false
}

/// Tells the person of `alert`: a short tone, and a browser notification
/// when permitted. Does nothing unless enabled.
pub fn alert(alert: &Alert) {
    if !enabled() {
        return;
    }
    #[cfg(feature = "hydrate")]
    {
        beep();
        if web_sys::Notification::permission() == web_sys::NotificationPermission::Granted {
            let options = web_sys::NotificationOptions::new();
            options.set_body(&format!(
                "#{} {} — {}",
                alert.case_id, alert.subject, alert.detail
            ));
            options.set_tag(&format!("alert-{}", alert.seq));
            let _ = web_sys::Notification::new_with_options(alert.kind.words(), &options);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = alert;
}

/// A 150 ms tone at 880 Hz.
#[cfg(feature = "hydrate")]
fn beep() {
    let Ok(ctx) = web_sys::AudioContext::new() else {
        return;
    };
    let (Ok(osc), Ok(gain)) = (ctx.create_oscillator(), ctx.create_gain()) else {
        return;
    };
    osc.frequency().set_value(880.0);
    gain.gain().set_value(0.1);
    let _ = osc.connect_with_audio_node(&gain);
    let _ = gain.connect_with_audio_node(&ctx.destination());
    let _ = osc.start();
    let _ = osc.stop_with_when(ctx.current_time() + 0.15);
}
