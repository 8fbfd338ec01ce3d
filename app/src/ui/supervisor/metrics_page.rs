//! `/supervisor/metrics`: the figures for a chosen range (UTC), by hour or
//! day, per queue and channel, as tiles and SVG charts, each with its
//! definition on hover and the table behind it as CSV.

use super::chart::{Chart, Kind, Series};
use super::SupervisorsOnly;
use crate::api::cases::get_directory;
use crate::api::supervisor::get_report;
use crate::domain::inbox::Directory;
use crate::domain::report::{definition, utc, Bucket, Count, Report, Share, DEFINITIONS};
use crate::domain::Channel;
use crate::error::AppError;
use crate::ui::common::resource::{resource, Res};
use crate::ui::common::time::span;
use leptos::prelude::*;

const DAY_MS: i64 = 86_400_000;

/// The page, for supervisors and admins only.
#[component]
pub fn MetricsPage() -> impl IntoView {
    // The page's resources are made here, before anything waits (see
    // `QaPage`: made inside `SupervisorsOnly`, live events arriving
    // meanwhile could break hydration).
    let directory = resource(|| (), |_| get_directory());
    let range = RwSignal::new(Range::Last(7));
    let bucket = RwSignal::new(Bucket::Day);
    let queue = RwSignal::new(None::<i64>);
    let channel = RwSignal::new(String::new());
    let report = resource(
        move || (range.get(), bucket.get(), queue.get(), channel.get()),
        |(range, bucket, queue, channel)| async move {
            let channel = Some(channel).filter(|c| !c.is_empty());
            match range {
                Range::Last(days) => {
                    get_report(Some(days), None, None, bucket, queue, channel).await
                }
                Range::Dates(from, to) => {
                    let from = day_start(&from);
                    let to = day_start(&to).map(|t| t + DAY_MS);
                    get_report(None, from, to, bucket, queue, channel).await
                }
            }
        },
    );
    view! {
        <SupervisorsOnly class="metrics" testid="metrics-forbidden" message="Metrics are for supervisors and admins.">
            <Metrics directory range bucket queue channel report/>
        </SupervisorsOnly>
    }
}

/// The range asked for: the last days, or dates typed (UTC, both included).
#[derive(Debug, Clone, PartialEq)]
enum Range {
    Last(i64),
    Dates(String, String),
}

/// `YYYY-MM-DD` as the instant it starts (UTC).
fn day_start(date: &str) -> Option<i64> {
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().timestamp_millis())
}

/// A file for a download link: `data:` with the CSV percent-encoded.
fn csv_href(csv: &str) -> String {
    let mut out = String::from("data:text/csv;charset=utf-8,");
    for b in csv.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~,".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn percent(s: Share) -> String {
    s.percent()
        .map(|p| format!("{p:.1} %"))
        .unwrap_or_else(|| "–".into())
}

fn duration(ms: Option<i64>) -> String {
    ms.map(span).unwrap_or_else(|| "–".into())
}

#[component]
fn Metrics(
    directory: Res<Result<Directory, AppError>>,
    range: RwSignal<Range>,
    bucket: RwSignal<Bucket>,
    queue: RwSignal<Option<i64>>,
    channel: RwSignal<String>,
    report: Res<Result<Report, AppError>>,
) -> impl IntoView {
    let from_date = RwSignal::new(String::new());
    let to_date = RwSignal::new(String::new());
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    view! {
        <main class="metrics" data-testid="metrics" data-ready=move || ready.get().to_string()>
            <h1>"Metrics"</h1>
            <p class="muted">"Cases created in the range (UTC). Hover or focus a figure's name for its definition."</p>
            <form class="row metrics-pick" on:submit=move |ev| {
                ev.prevent_default();
                range.set(Range::Dates(from_date.get_untracked(), to_date.get_untracked()));
            }>
                <label>"Range "
                    <select data-testid="metrics-range" on:change=move |ev| {
                        if let Ok(days) = event_target_value(&ev).parse::<i64>() {
                            range.set(Range::Last(days));
                        }
                    }>
                        <option value="1">"Today"</option>
                        <option value="7" selected>"Last 7 days"</option>
                        <option value="30">"Last 30 days"</option>
                        <option value="90">"Last 90 days"</option>
                        <option value="custom">"Dates…"</option>
                    </select>
                </label>
                <label>"From " <input type="date" data-testid="metrics-from" prop:value=move || from_date.get() on:input=move |ev| from_date.set(event_target_value(&ev))/></label>
                <label>"To " <input type="date" data-testid="metrics-to" prop:value=move || to_date.get() on:input=move |ev| to_date.set(event_target_value(&ev))/></label>
                <button type="submit" class="secondary">"Show dates"</button>
                <label>"By "
                    <select data-testid="metrics-bucket" on:change=move |ev| bucket.set(Bucket::parse(&event_target_value(&ev)).unwrap_or_default())>
                        <option value="day">"Day"</option>
                        <option value="hour">"Hour"</option>
                    </select>
                </label>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let queues = directory.await.map(|d| d.queues).unwrap_or_default();
                        view! {
                            <label>"Queue "
                                <select data-testid="metrics-queue" on:change=move |ev| queue.set(event_target_value(&ev).parse().ok())>
                                    <option value="">"All queues"</option>
                                    {queues.into_iter().map(|q| view! { <option value=q.id.0.to_string()>{q.name}</option> }).collect_view()}
                                </select>
                            </label>
                        }
                    })}
                </Suspense>
                <label>"Channel "
                    <select data-testid="metrics-channel" on:change=move |ev| channel.set(event_target_value(&ev))>
                        <option value="">"All channels"</option>
                        {Channel::ALL.iter().map(|c| view! { <option value=c.as_str()>{c.as_str()}</option> }).collect_view()}
                    </select>
                </label>
            </form>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(r) => {
                            from_date.set(utc(r.query.from)[..10].to_string());
                            to_date.set(utc(r.query.to - 1)[..10].to_string());
                            view! { <Figures report=r/> }.into_any()
                        }
                        Err(AppError::InvalidField { reason, .. }) => view! { <p class="error" role="alert" data-testid="metrics-error">{reason}</p> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert" data-testid="metrics-error">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

/// A figure with its name (definition on hover and focus).
#[component]
fn Tile(key: &'static str, value: String) -> impl IntoView {
    let name = DEFINITIONS.iter().find(|d| d.0 == key).map_or(key, |d| d.1);
    let tip = format!("tip-{key}");
    view! {
        <div class="tile" data-metric=key>
            <dt><span class="term" tabindex="0" title=definition(key) aria-describedby=tip.clone()>{name}</span>
                <span class="tip" role="tooltip" id=tip>{definition(key)}</span></dt>
            <dd>{value}</dd>
        </div>
    }
    .into_any()
}

/// A table of named counts with its CSV.
#[component]
fn CountTable(
    caption: &'static str,
    heading: &'static str,
    counts: Vec<Count>,
    file: &'static str,
) -> impl IntoView {
    let csv = Report::counts_csv(heading, &counts);
    view! {
        <details class="table" data-testid=format!("table-{file}")>
            <summary>{caption}</summary>
            <table>
                <thead><tr><th>{heading}</th><th>"Count"</th></tr></thead>
                <tbody>
                    {counts.into_iter().map(|c| view! { <tr><td>{c.name}</td><td class="num">{c.count}</td></tr> }).collect_view()}
                </tbody>
            </table>
            <a href=csv_href(&csv) download=format!("{file}.csv")>"Download CSV"</a>
        </details>
    }
    .into_any()
}

#[component]
fn Figures(report: Report) -> impl IntoView {
    let r = report;
    let hourly = r.query.bucket == Bucket::Hour;
    let labels: Vec<String> = r
        .points
        .iter()
        .map(|p| {
            let t = utc(p.start);
            if hourly {
                t[5..].to_string()
            } else {
                t[5..10].to_string()
            }
        })
        .collect();
    // Times in hours once any is above three hours, else in minutes.
    let longest = r
        .points
        .iter()
        .flat_map(|p| [p.first_response_ms, p.resolution_ms])
        .flatten()
        .max()
        .unwrap_or(0);
    let (per, time_unit) = if longest > 3 * 3_600_000 {
        (3_600_000.0, "hours")
    } else {
        (60_000.0, "minutes")
    };
    let in_unit = |v: Option<i64>| v.map(|ms| ms as f64 / per);
    let volume = vec![Series {
        name: "Cases created".into(),
        values: r.points.iter().map(|p| Some(p.volume as f64)).collect(),
    }];
    let times = vec![
        Series {
            name: "First response".into(),
            values: r
                .points
                .iter()
                .map(|p| in_unit(p.first_response_ms))
                .collect(),
        },
        Series {
            name: "Resolution".into(),
            values: r.points.iter().map(|p| in_unit(p.resolution_ms)).collect(),
        },
    ];
    let csat = vec![Series {
        name: "CSAT".into(),
        values: r.points.iter().map(|p| p.csat).collect(),
    }];
    let priorities: Vec<String> = r
        .compliance
        .iter()
        .map(|c| c.priority.as_str().to_string())
        .collect();
    let compliance = vec![
        Series {
            name: "Met in time".into(),
            values: r.compliance.iter().map(|c| c.within.percent()).collect(),
        },
        Series {
            name: "Goal".into(),
            values: r
                .compliance
                .iter()
                .map(|c| Some(f64::from(c.goal)))
                .collect(),
        },
    ];
    let agents: Vec<String> = r.breaches_by_agent.iter().map(|c| c.name.clone()).collect();
    let breaches = vec![Series {
        name: "Breaches".into(),
        values: r
            .breaches_by_agent
            .iter()
            .map(|c| Some(c.count as f64))
            .collect(),
    }];
    let points_csv = r.points_csv();
    let compliance_csv = r.compliance_csv();
    let points_rows = r.points.clone();
    let compliance_rows = r.compliance.clone();
    view! {
        <p class="muted" data-testid="metrics-range-shown">{format!("{} to {} UTC", utc(r.query.from), utc(r.query.to))}</p>
        {view! { <dl class="tiles" data-testid="metrics-tiles">
            <Tile key="volume" value=r.volume.to_string()/>
            <Tile key="first_response" value=duration(r.first_response_ms)/>
            <Tile key="resolution" value=duration(r.resolution_ms)/>
            <Tile key="handle" value=duration(r.handle_ms)/>
            <Tile key="first_contact" value=percent(r.first_contact)/>
            <Tile key="csat" value=r.csat.map(|c| format!("{c:.2} / 5 ({})", r.csat_count)).unwrap_or_else(|| "–".into())/>
            <Tile key="escalation" value=percent(r.escalation)/>
            <Tile key="deflection" value=percent(r.deflection)/>
            <Tile key="triage" value=percent(r.triage)/>
        </dl> }.into_any()}
        <div class="charts">
            {view! { <section>
                <Chart title="Volume" unit="cases".into() kind=Kind::Bars labels=labels.clone() series=volume testid="chart-volume"/>
                <details class="table" data-testid="table-points">
                    <summary>"Table"</summary>
                    <table>
                        <thead><tr><th>"Start (UTC)"</th><th>"Cases"</th><th>"First response"</th><th>"Resolution"</th><th>"CSAT"</th></tr></thead>
                        <tbody>
                            {points_rows.into_iter().map(|p| view! {
                                <tr><td>{utc(p.start)}</td><td class="num">{p.volume}</td><td>{duration(p.first_response_ms)}</td>
                                <td>{duration(p.resolution_ms)}</td><td>{p.csat.map(|c| format!("{c:.2}")).unwrap_or_default()}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <a href=csv_href(&points_csv) download="metrics-by-time.csv">"Download CSV"</a>
                </details>
            </section> }.into_any()}
            {view! { <section>
                <Chart title="First response and resolution time" unit=time_unit.to_string() kind=Kind::Lines labels=labels.clone() series=times testid="chart-times"/>
            </section> }.into_any()}
            {view! { <section>
                <Chart title="CSAT" unit="1 to 5".into() kind=Kind::Lines labels=labels series=csat max=5.0 testid="chart-csat"/>
            </section> }.into_any()}
            {view! { <section>
                <Chart title="SLA compliance by priority" unit="%".into() kind=Kind::Bars labels=priorities series=compliance max=100.0 testid="chart-compliance"/>
                <p class="muted small">"Goal: 95 % for P1 and P2, 90 % for P3 and P4."</p>
                <details class="table" data-testid="table-compliance">
                    <summary>"Table"</summary>
                    <table>
                        <thead><tr><th>"Priority"</th><th>"Met in time"</th><th>"Ended"</th><th>"Compliance"</th><th>"Goal"</th></tr></thead>
                        <tbody>
                            {compliance_rows.into_iter().map(|c| view! {
                                <tr data-priority=c.priority.as_str() class:missed=c.met() == Some(false)>
                                    <td>{c.priority.as_str()}</td><td class="num">{c.within.part}</td><td class="num">{c.within.whole}</td>
                                    <td class="num">{percent(c.within)}</td><td class="num">{format!("{} %", c.goal)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <a href=csv_href(&compliance_csv) download="sla-compliance.csv">"Download CSV"</a>
                </details>
            </section> }.into_any()}
            {view! { <section>
                <Chart title="Breaches by agent" unit="breaches".into() kind=Kind::Bars labels=agents series=breaches testid="chart-breaches"/>
                <CountTable caption="Breaches by agent" heading="Agent" counts=r.breaches_by_agent file="breaches-by-agent"/>
                <CountTable caption="Breaches by priority" heading="Priority" counts=r.breaches_by_priority file="breaches-by-priority"/>
            </section> }.into_any()}
            {view! { <section>
                <CountTable caption="Cases by queue" heading="Queue" counts=r.by_queue file="cases-by-queue"/>
                <CountTable caption="Cases by channel" heading="Channel" counts=r.by_channel file="cases-by-channel"/>
            </section> }.into_any()}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_link_carries_the_file_exactly() {
        assert_eq!(
            csv_href("a b,1\r\n"),
            "data:text/csv;charset=utf-8,a%20b,1%0D%0A"
        );
        assert_eq!(day_start("2026-11-23"), Some(1_795_392_000_000));
        assert_eq!(day_start("23/11/2026"), None);
    }
}
