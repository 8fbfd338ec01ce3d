//! A small SVG chart: bars or lines over labelled points, with a value axis
//! (ticks at round numbers, the unit named), a legend, and an optional goal
//! line. Colours come from the page's CSS, so dark mode reads as well.

use leptos::prelude::*;

const W: f64 = 640.0;
const H: f64 = 240.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 40.0;
/// At most this many labels along the bottom; the rest are skipped.
const MAX_LABELS: usize = 8;

/// How the values are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Bars,
    Lines,
}

/// One named row of values, one per label (`None`: nothing to show there).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// The axis top and tick step for values up to `max`: 4 steps of 1, 2 or 5
/// (or 2.5) times a power of ten, so ticks fall on round numbers.
pub fn axis(max: f64) -> (f64, f64) {
    if max <= 0.0 || !max.is_finite() {
        return (4.0, 1.0);
    }
    let rough = max / 4.0;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| s * 4.0 >= max)
        .unwrap_or(10.0 * power);
    (step * 4.0, step)
}

/// A tick's label: whole numbers plainly, small ones with a decimal.
pub fn tick(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

/// The chart. `unit` names the value axis (`cases`, `minutes`, `%`).
#[component]
pub fn Chart(
    title: &'static str,
    unit: String,
    kind: Kind,
    labels: Vec<String>,
    series: Vec<Series>,
    #[prop(optional)] goal: Option<f64>,
    #[prop(optional)] max: Option<f64>,
    testid: &'static str,
) -> impl IntoView {
    let n = labels.len().max(1);
    let highest = series
        .iter()
        .flat_map(|s| s.values.iter().flatten().copied())
        .chain(goal)
        .fold(0.0, f64::max);
    let (top, step) = match max {
        Some(m) => (m, m / 4.0),
        None => axis(highest),
    };
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let band = plot_w / n as f64;
    let y = move |v: f64| TOP + plot_h - (v / top).clamp(0.0, 1.0) * plot_h;
    let x_mid = move |i: usize| LEFT + band * (i as f64 + 0.5);
    let every = n.div_ceil(MAX_LABELS);

    let grid = (0..=4)
        .map(|i| {
            let v = step * i as f64;
            let yy = y(v);
            view! {
                <line class="grid" x1=LEFT x2=W - RIGHT y1=yy y2=yy/>
                <text class="tick" x=LEFT - 6.0 y=yy + 4.0 text-anchor="end">{tick(v)}</text>
            }
        })
        .collect_view();
    let x_labels = labels
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0)
        .map(|(i, l)| {
            view! { <text class="tick" x=x_mid(i) y=H - BOTTOM + 16.0 text-anchor="middle">{l.clone()}</text> }
        })
        .collect_view();
    let count = series.len().max(1);
    let marks = series
        .iter()
        .enumerate()
        .map(|(si, s)| {
            let class = format!("series series-{si}");
            match kind {
                Kind::Bars => {
                    let w = band * 0.8 / count as f64;
                    s.values
                        .iter()
                        .enumerate()
                        .filter_map(|(i, v)| v.map(|v| (i, v)))
                        .map(|(i, v)| {
                            let x = LEFT + band * i as f64 + band * 0.1 + w * si as f64;
                            view! {
                                <rect class=class.clone() x=x y=y(v) width=w.max(1.0) height=(TOP + plot_h - y(v)).max(0.0)>
                                    <title>{format!("{}: {}: {} {}", labels.get(i).cloned().unwrap_or_default(), s.name, tick(v), unit)}</title>
                                </rect>
                            }
                        })
                        .collect_view()
                        .into_any()
                }
                Kind::Lines => {
                    let mut d = String::new();
                    let mut pen_up = true;
                    for (i, v) in s.values.iter().enumerate() {
                        match v {
                            Some(v) => {
                                d.push_str(&format!(
                                    "{}{:.1},{:.1} ",
                                    if pen_up { "M" } else { "L" },
                                    x_mid(i),
                                    y(*v)
                                ));
                                pen_up = false;
                            }
                            None => pen_up = true,
                        }
                    }
                    let dots = s
                        .values
                        .iter()
                        .enumerate()
                        .filter_map(|(i, v)| v.map(|v| (i, v)))
                        .map(|(i, v)| {
                            view! {
                                <circle class=class.clone() cx=x_mid(i) cy=y(v) r="3">
                                    <title>{format!("{}: {}: {} {}", labels.get(i).cloned().unwrap_or_default(), s.name, tick(v), unit)}</title>
                                </circle>
                            }
                        })
                        .collect_view();
                    view! { <path class=class.clone() d=d fill="none"/>{dots} }.into_any()
                }
            }
        })
        .collect_view();
    let goal_line = goal.map(|g| {
        view! {
            <line class="goal" x1=LEFT x2=W - RIGHT y1=y(g) y2=y(g)/>
        }
    });
    let legend = series
        .iter()
        .enumerate()
        .map(|(i, s)| view! { <li><span class=format!("swatch series-{i}")></span>{s.name.clone()}</li> })
        .collect_view();
    let id = format!("chart-{testid}");
    view! {
        <figure class="chart" data-testid=testid>
            <figcaption id=id.clone()>{title}" ("{unit.clone()}")"</figcaption>
            <ul class="legend">
                {legend}
                {goal.map(|g| view! { <li><span class="swatch goal"></span>{format!("goal {}", tick(g))}</li> })}
            </ul>
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-labelledby=id>
                {grid}
                <line class="axis" x1=LEFT x2=LEFT y1=TOP y2=TOP + plot_h/>
                <line class="axis" x1=LEFT x2=W - RIGHT y1=TOP + plot_h y2=TOP + plot_h/>
                <text class="unit" x="4" y=TOP + 4.0>{unit.clone()}</text>
                {marks}
                {goal_line}
                {x_labels}
            </svg>
        </figure>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_ends_on_a_round_number_above_the_highest_value() {
        let close =
            |(a, b): (f64, f64), (x, y): (f64, f64)| (a - x).abs() < 1e-9 && (b - y).abs() < 1e-9;
        assert!(close(axis(7.0), (8.0, 2.0)));
        assert!(close(axis(40.0), (40.0, 10.0)));
        assert!(close(axis(41.0), (80.0, 20.0)));
        assert!(close(axis(95.0), (100.0, 25.0)));
        assert!(close(axis(0.3), (0.4, 0.1)));
        assert!(close(axis(0.0), (4.0, 1.0)));
        assert_eq!(tick(12.0), "12");
        assert_eq!(tick(0.5), "0.5");
    }
}
