//! The scheduler: fires due SLA thresholds (50 % auto-assign, 80 % warning and
//! priority bump, breach), runs the automation (close solved cases, remind and
//! solve pending ones, re-route the chats of agents who went away) and hands
//! the committed events to the hub. Every [`REPORT_EVERY`] ticks it also
//! recomputes the cases of the metrics rollup that writes marked, so a
//! supervisor's report finds only the last few seconds' changes to recompute.
//!
//! Each pass reads only the clocks due by now (an indexed range on
//! `sla_clocks.due_at`), and each firing is a compare-and-set in storage, so the
//! scheduler may run on every node at once and after any restart: every
//! threshold still fires exactly once. Time comes from the storage's time
//! source, so tests move a manual clock and call [`run_once`]; nothing sleeps.

use app::state::AppState;
use app::storage::automation::AutomationReport;
use app::storage::sla::PassReport;
use app::storage::StorageResult;
use std::time::Duration;

/// Most clocks handled per pass; a full pass is followed by another at once.
pub const BATCH: i64 = 500;
/// How often the scheduler looks for due clocks.
pub const TICK: Duration = Duration::from_secs(1);
/// Ticks between two refreshes of the metrics rollup.
pub const REPORT_EVERY: u32 = 5;
/// Most marked cases of the metrics rollup recomputed per refresh.
pub const REPORT_CASES: i64 = 5_000;

/// One pass at the storage's current time; publishes what it committed.
pub async fn run_once(state: &AppState) -> StorageResult<PassReport> {
    let now = state.storage.now();
    let report = state.storage.sla_pass(now, BATCH).await?;
    state.hub.committed(&report.events);
    if !report.fired.is_empty() {
        tracing::info!(
            due = report.due,
            fired = report.fired.len(),
            "SLA thresholds fired"
        );
    }
    Ok(report)
}

/// One automation pass at the storage's current time; publishes what it committed.
pub async fn run_automation(state: &AppState) -> StorageResult<AutomationReport> {
    let now = state.storage.now();
    let report = state.storage.automation_pass(now, BATCH).await?;
    state.hub.committed(&report.events);
    if report.acted() > 0 {
        tracing::info!(
            closed = report.closed.len(),
            reminded = report.reminded.len(),
            solved = report.solved.len(),
            rerouted = report.rerouted.len(),
            "automation acted"
        );
    }
    Ok(report)
}

/// Recomputes the marked cases of the metrics rollup, a bounded number at a time.
pub async fn refresh_report(state: &AppState) -> StorageResult<usize> {
    state.storage.refresh_report(None, REPORT_CASES).await
}

/// Runs passes every [`TICK`] for as long as the process lives.
pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(TICK);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut ticks = 0u32;
        loop {
            every.tick().await;
            ticks = ticks.wrapping_add(1);
            loop {
                match run_once(&state).await {
                    Ok(r) if r.due as i64 >= BATCH => continue,
                    Ok(_) => break,
                    Err(e) => {
                        tracing::warn!(error = %e, "SLA pass failed; retrying next tick");
                        break;
                    }
                }
            }
            if let Err(e) = run_automation(&state).await {
                tracing::warn!(error = %e, "automation pass failed; retrying next tick");
            }
            if ticks.is_multiple_of(REPORT_EVERY) {
                if let Err(e) = refresh_report(&state).await {
                    tracing::warn!(error = %e, "metrics rollup refresh failed; retrying later");
                }
            }
        }
    });
}
