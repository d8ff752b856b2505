//! Line, area and bar charts as SVG, drawn with plotters' SVG backend.
//!
//! Colours are themed by the page, not baked in: every stroke and fill is one of the [`Ink`]
//! colours, drawn as a sentinel RGB value that the stylesheet maps to its light or dark colour
//! (`.sim-chart [stroke="#070809"] { stroke: var(--sim-series) }` and so on), since an SVG
//! presentation attribute cannot name a CSS variable. Nothing here measures text: plotters does
//! that only for captions and right-hand label areas, which these charts do not use, so it
//! also draws in a Web Worker, where there is no document to measure text in.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The colours a chart uses, each a sentinel the stylesheet themes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ink {
    /// Axes and text.
    Text,
    Grid,
    /// The main quantity.
    Series,
    /// A second quantity on the same plot (also dashed, so colour is not the only cue).
    Second,
    /// A limit or a reference: a heap limit, highWaterMark, capacity, a formula.
    Limit,
    /// Where things went wrong: the moment the process was killed.
    Danger,
}

impl Ink {
    pub const ALL: [Ink; 6] = [Ink::Text, Ink::Grid, Ink::Series, Ink::Second, Ink::Limit, Ink::Danger];

    fn rgb(self) -> RGBColor {
        match self {
            Ink::Text => RGBColor(0x01, 0x02, 0x03),
            Ink::Grid => RGBColor(0x04, 0x05, 0x06),
            Ink::Series => RGBColor(0x07, 0x08, 0x09),
            Ink::Second => RGBColor(0x0A, 0x0B, 0x0C),
            Ink::Limit => RGBColor(0x0D, 0x0E, 0x0F),
            Ink::Danger => RGBColor(0x10, 0x11, 0x12),
        }
    }

    /// The sentinel as the SVG writes it (`#070809`).
    pub fn hex(self) -> String {
        let RGBColor(r, g, b) = self.rgb();
        format!("#{r:02X}{g:02X}{b:02X}")
    }
}

pub struct Line {
    pub points: Vec<(f64, f64)>,
    pub ink: Ink,
    /// Filled down to zero, lightly.
    pub area: bool,
    pub dashed: bool,
}

/// A reference line across the plot, labelled at its end.
pub struct Rule {
    pub at: f64,
    pub vertical: bool,
    pub ink: Ink,
    pub label: String,
}

/// A dot with a label beside it.
pub struct Dot {
    pub at: (f64, f64),
    pub ink: Ink,
    pub label: String,
}

pub struct Plot<'a> {
    /// Written above the plot, at its left: what is drawn, in what unit.
    pub title: String,
    pub x_max: f64,
    pub y_max: f64,
    pub x_label: &'a dyn Fn(f64) -> String,
    pub y_label: &'a dyn Fn(f64) -> String,
    pub lines: Vec<Line>,
    /// Bars of equal width from 0 to `x_max`.
    pub bars: Vec<f64>,
    pub rules: Vec<Rule>,
    pub dots: Vec<Dot>,
}

/// Dashed lines are plain lines of these sentinel widths, which the stylesheet draws dashed
/// (`.sim-chart [stroke-width="3"] { stroke-width: 1px; stroke-dasharray: 5 4 }`): plotters'
/// own dashed series writes one element per dash, hundreds for a line across a chart.
pub const DASHED_RULE: u32 = 3;
pub const DASHED_SERIES: u32 = 4;

const FONT: &str = "sans-serif";
const LEFT: u32 = 58;

/// `plots` stacked in one SVG `width` wide, each `height` tall, labelled for screen readers with
/// `label` (the figure's table holds the numbers).
pub fn svg(width: u32, height: u32, plots: &[Plot], label: &str) -> String {
    let total = height * plots.len().max(1) as u32;
    let mut out = String::new();
    let drawn = {
        let root = SVGBackend::with_string(&mut out, (width, total)).into_drawing_area();
        let areas = root.split_evenly((plots.len().max(1), 1));
        let mut result = Ok(());
        for (area, plot) in areas.iter().zip(plots) {
            if let Err(e) = draw(area, plot) {
                result = Err(e);
                break;
            }
        }
        result.and_then(|()| root.present().map_err(|e| e.to_string()))
    };
    if let Err(e) = drawn {
        return format!("<p class=\"sim-error\">The chart could not be drawn ({}).</p>", crate::escape(&e));
    }
    let open = format!("<svg width=\"{width}\" height=\"{total}\" ");
    // Every element says opacity 1, the default: the page carries these charts, so it goes.
    out.replacen(&open, &format!("<svg class=\"sim-chart\" role=\"img\" aria-label=\"{}\" ", crate::escape(label)), 1).replace(" opacity=\"1\"", "")
}

fn draw(area: &DrawingArea<SVGBackend, Shift>, plot: &Plot) -> Result<(), String> {
    let x_max = if plot.x_max > 0.0 && plot.x_max.is_finite() { plot.x_max } else { 1.0 };
    let y_max = if plot.y_max > 0.0 && plot.y_max.is_finite() { plot.y_max * 1.08 } else { 1.0 };
    let text = |size: u32| (FONT, size).into_font().color(&Ink::Text.rgb());
    area.draw(&Text::new(plot.title.clone(), (4, 6), text(14))).map_err(|e| e.to_string())?;
    let mut chart = ChartBuilder::on(area)
        .margin_top(28)
        .margin_right(14)
        .margin_bottom(4)
        .x_label_area_size(22)
        .y_label_area_size(LEFT)
        .build_cartesian_2d(0f64..x_max, 0f64..y_max)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(Ink::Grid.rgb().stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(Ink::Text.rgb().stroke_width(1))
        .label_style(text(13))
        .x_labels(4)
        .y_labels(4)
        .x_label_formatter(&|x| (plot.x_label)(*x))
        .y_label_formatter(&|y| (plot.y_label)(*y))
        .draw()
        .map_err(|e| e.to_string())?;
    if !plot.bars.is_empty() {
        let width = x_max / plot.bars.len() as f64;
        let color = Ink::Series.rgb();
        chart
            .draw_series(plot.bars.iter().enumerate().map(|(i, &h)| {
                let x0 = i as f64 * width;
                Rectangle::new([(x0, 0.0), (x0 + width * 0.92, h)], color.mix(0.75).filled())
            }))
            .map_err(|e| e.to_string())?;
    }
    for line in &plot.lines {
        let color = line.ink.rgb();
        let style = color.stroke_width(2);
        if line.area {
            chart.draw_series(AreaSeries::new(line.points.iter().copied(), 0.0, color.mix(0.18)).border_style(style)).map_err(|e| e.to_string())?;
        } else if line.dashed {
            chart.draw_series(LineSeries::new(line.points.iter().copied(), color.stroke_width(DASHED_SERIES))).map_err(|e| e.to_string())?;
        } else {
            chart.draw_series(LineSeries::new(line.points.iter().copied(), style)).map_err(|e| e.to_string())?;
        }
    }
    for (i, rule) in plot.rules.iter().enumerate() {
        let color = rule.ink.rgb();
        let ends = if rule.vertical { [(rule.at, 0.0), (rule.at, y_max)] } else { [(0.0, rule.at), (x_max, rule.at)] };
        chart.draw_series(LineSeries::new(ends, color.stroke_width(DASHED_RULE))).map_err(|e| e.to_string())?;
        let style = text(13).color(&color);
        let (at, style) = if rule.vertical {
            let right_half = rule.at > x_max * 0.6;
            let pos = if right_half { Pos::new(HPos::Right, VPos::Top) } else { Pos::new(HPos::Left, VPos::Top) };
            let nudge = if right_half { -x_max * 0.01 } else { x_max * 0.01 };
            // Each vertical rule's label a little lower than the last, so that close ones do not collide.
            ((rule.at + nudge, y_max * (0.93 - 0.16 * (i % 4) as f64)), style.pos(pos))
        } else {
            ((x_max * 0.99, rule.at), style.pos(Pos::new(HPos::Right, VPos::Bottom)))
        };
        chart.draw_series(std::iter::once(Text::new(rule.label.clone(), at, style))).map_err(|e| e.to_string())?;
    }
    for dot in &plot.dots {
        let color = dot.ink.rgb();
        chart.draw_series(std::iter::once(Circle::new(dot.at, 4, color.filled()))).map_err(|e| e.to_string())?;
        let right_half = dot.at.0 > x_max * 0.6;
        let pos = if right_half { Pos::new(HPos::Right, VPos::Bottom) } else { Pos::new(HPos::Left, VPos::Bottom) };
        let at = (dot.at.0 + if right_half { -x_max * 0.015 } else { x_max * 0.015 }, dot.at.1);
        chart.draw_series(std::iter::once(Text::new(dot.label.clone(), at, text(13).color(&color).pos(pos)))).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// At most `n` points of `steps` (a step function of time), keeping each stretch's highest value
/// so that no peak is lost: the x range is cut into `n` equal stretches.
pub fn squeeze(steps: &[(f64, f64)], n: usize) -> Vec<(f64, f64)> {
    let (Some(first), Some(last)) = (steps.first(), steps.last()) else { return Vec::new() };
    if steps.len() <= n * 2 || n == 0 {
        return steps.to_vec();
    }
    let span = (last.0 - first.0).max(f64::MIN_POSITIVE);
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(n + 1);
    let mut bucket = usize::MAX;
    for &(x, y) in steps {
        let b = (((x - first.0) / span) * n as f64) as usize;
        if b != bucket || out.is_empty() {
            bucket = b;
            out.push((x, y));
        } else if let Some(p) = out.last_mut() {
            p.1 = p.1.max(y);
        }
    }
    out.push(*last);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_an_svg_labelled_for_screen_readers_in_themeable_colours() {
        let label = |v: f64| format!("{v}");
        let plot = Plot {
            title: "In flight".into(),
            x_max: 10.0,
            y_max: 5.0,
            x_label: &label,
            y_label: &label,
            lines: vec![Line { points: vec![(0.0, 1.0), (10.0, 5.0)], ink: Ink::Series, area: true, dashed: false }],
            bars: vec![],
            rules: vec![Rule { at: 4.0, vertical: false, ink: Ink::Limit, label: "limit <4>".into() }],
            dots: vec![],
        };
        let svg = svg(400, 200, &[plot], "A \"chart\"");
        assert!(svg.starts_with("<svg class=\"sim-chart\" role=\"img\" aria-label=\"A &quot;chart&quot;\" viewBox=\"0 0 400 200\""), "{}", &svg[..200]);
        assert!(svg.contains(&format!("stroke=\"{}\"", Ink::Series.hex())));
        assert!(svg.contains(&format!("stroke=\"{}\"", Ink::Limit.hex())));
        assert!(svg.contains("limit &lt;4&gt;"), "text is escaped");
        assert!(!svg.contains("#000000"), "no colour the stylesheet cannot theme");
        assert_eq!(svg.matches(&format!("stroke-width=\"{DASHED_RULE}\"")).count(), 1, "a dashed rule is one element");
    }

    #[test]
    fn squeezing_keeps_the_peaks() {
        let steps: Vec<(f64, f64)> = (0..10_000).map(|i| (i as f64, if i == 5_003 { 99.0 } else { (i % 7) as f64 })).collect();
        let s = squeeze(&steps, 100);
        assert!(s.len() <= 102, "{}", s.len());
        assert!(s.iter().any(|p| p.1 == 99.0));
        assert_eq!(s.last(), steps.last());
        assert_eq!(squeeze(&[], 10), []);
    }
}
