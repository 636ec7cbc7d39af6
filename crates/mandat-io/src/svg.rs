//! Charts as SVG: a hemicycle (parliament diagram) of a count, hemicycles side by side
//! for a comparison, and the seat distribution of each party from a projection.
//!
//! Plain SVG 1.1 with no script and no external resource, so that it opens anywhere and
//! can be published as it is.

use std::fmt::Write;

use mandat_core::analysis::projection::Projection;

/// Colours for parties without one: the Tableau 20 palette, in an order that keeps
/// neighbours apart.
const PALETTE: &[&str] = &[
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
];

/// The colour of each party: the given one, else the palette in party order.
pub fn colours(parties: &[String], given: &[(String, String)]) -> Vec<String> {
    parties
        .iter()
        .enumerate()
        .map(|(i, p)| given.iter().find(|(n, _)| n == p).map_or_else(|| PALETTE[i % PALETTE.len()].to_string(), |(_, c)| c.clone()))
        .collect()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Seat positions of a hemicycle of `n` seats: (x, y) in a unit half-disc, left to
/// right, and the dot radius.
fn seat_positions(n: u32) -> (Vec<(f64, f64)>, f64) {
    if n == 0 {
        return (Vec::new(), 0.0);
    }
    let rows = ((n as f64).sqrt() / 1.6).round().max(1.0) as usize;
    let inner = if rows == 1 { 0.7 } else { 0.35 };
    let radii: Vec<f64> = (0..rows).map(|i| if rows == 1 { 0.85 } else { inner + (0.95 - inner) * i as f64 / (rows - 1) as f64 }).collect();
    let total_r: f64 = radii.iter().sum();
    let mut per_row: Vec<u32> = radii.iter().map(|r| ((n as f64) * r / total_r).floor() as u32).collect();
    let mut left = n - per_row.iter().sum::<u32>();
    let mut k = rows;
    while left > 0 {
        k = if k == 0 { rows - 1 } else { k - 1 };
        per_row[k] += 1;
        left -= 1;
    }
    let mut seats: Vec<(f64, f64, f64)> = Vec::with_capacity(n as usize);
    for (r, &m) in radii.iter().zip(&per_row) {
        for j in 0..m {
            let theta = if m == 1 { std::f64::consts::FRAC_PI_2 } else { std::f64::consts::PI * (1.0 - j as f64 / (m - 1) as f64) };
            seats.push((theta, r * theta.cos(), r * theta.sin()));
        }
    }
    // Parties fill wedges from the left: order seats by angle, outer rows first on ties.
    seats.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal).then(b.1.abs().partial_cmp(&a.1.abs()).unwrap_or(std::cmp::Ordering::Equal)));
    let spacing = if rows == 1 { std::f64::consts::PI * 0.85 / n as f64 } else { (0.95 - inner) / (rows - 1) as f64 };
    let arc = std::f64::consts::PI * inner / per_row[0].max(1) as f64;
    (seats.into_iter().map(|(_, x, y)| (x, y)).collect(), 0.42 * spacing.min(arc).min(0.2))
}

/// Draws one hemicycle at (cx, cy) with radius `scale`.
fn hemicycle_group(out: &mut String, seats: &[u32], colours: &[String], cx: f64, cy: f64, scale: f64) {
    let n: u32 = seats.iter().sum();
    let (pos, r) = seat_positions(n);
    let mut k = 0;
    for (p, &s) in seats.iter().enumerate() {
        for _ in 0..s {
            let (x, y) = pos[k];
            let _ = writeln!(out, r#"<circle cx="{:.2}" cy="{:.2}" r="{:.2}" fill="{}"/>"#, cx + x * scale, cy - y * scale, r * scale, colours[p]);
            k += 1;
        }
    }
    let _ = writeln!(out, r##"<text x="{cx:.1}" y="{:.1}" text-anchor="middle" font-size="{:.0}" font-weight="bold" fill="#222">{n}</text>"##, cy - 8.0, scale * 0.16);
}

fn legend(out: &mut String, parties: &[String], colours: &[String], columns: &[Vec<u32>], x: f64, y: f64) -> f64 {
    let mut yy = y;
    for (p, name) in parties.iter().enumerate() {
        if columns.iter().all(|c| c[p] == 0) {
            continue;
        }
        let figures = columns.iter().map(|c| c[p].to_string()).collect::<Vec<_>>().join(" → ");
        let _ = writeln!(out, r#"<rect x="{x:.1}" y="{:.1}" width="14" height="14" rx="3" fill="{}"/>"#, yy - 11.0, colours[p]);
        let _ = writeln!(out, r##"<text x="{:.1}" y="{yy:.1}" font-size="14" fill="#222">{} <tspan font-weight="bold">{figures}</tspan></text>"##, x + 22.0, esc(name));
        yy += 22.0;
    }
    yy
}

/// Approximate width of a text in pixels (DejaVu Sans averages ~0.6 em per glyph).
fn text_width(s: &str, font: f64) -> f64 {
    s.chars().count() as f64 * font * 0.6
}

/// Writes a title wrapped to `width` pixels; returns the y below it.
fn title(out: &mut String, text: &str, width: f64) -> f64 {
    let per_line = ((width - 40.0) / (20.0 * 0.6)).max(10.0) as usize;
    let mut lines: Vec<String> = vec![String::new()];
    for word in text.split_whitespace() {
        let last = lines.last_mut().expect("one line");
        if !last.is_empty() && last.chars().count() + 1 + word.chars().count() > per_line {
            lines.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    let mut y = 34.0;
    for l in &lines {
        let _ = writeln!(out, r##"<text x="20" y="{y:.0}" font-size="20" font-weight="bold" fill="#222">{}</text>"##, esc(l));
        y += 26.0;
    }
    y - 26.0
}

fn document(width: f64, height: f64, body: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"'DejaVu Sans', Helvetica, Arial, sans-serif\">\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n{body}</svg>\n"
    )
}

/// A parliament diagram of one count, with a legend.
pub fn hemicycle(heading: &str, parties: &[String], seats: &[u32], colours: &[String]) -> String {
    let names = parties.iter().zip(seats).filter(|(_, &s)| s > 0).map(|(p, s)| text_width(&format!("{p} {s}"), 14.0)).fold(0.0, f64::max);
    let width = (600.0 + 40.0 + names + 30.0).max(700.0);
    let mut body = String::new();
    let top = title(&mut body, heading, width);
    hemicycle_group(&mut body, seats, colours, 300.0, top + 300.0, 260.0);
    let bottom = legend(&mut body, parties, colours, &[seats.to_vec()], 600.0, top + 50.0);
    document(width, (bottom + 20.0).max(top + 340.0), &body)
}

/// Hemicycles side by side, one per law, with a legend of seats under each.
pub fn comparison(heading: &str, labels: &[String], parties: &[String], seats: &[Vec<u32>], colours: &[String]) -> String {
    let w = 440.0;
    let width = 40.0 + w * labels.len() as f64;
    let mut body = String::new();
    let top = title(&mut body, heading, width);
    for (k, (label, s)) in labels.iter().zip(seats).enumerate() {
        let cx = 230.0 + k as f64 * w;
        let _ = writeln!(body, r##"<text x="{cx:.1}" y="{:.1}" font-size="15" text-anchor="middle" fill="#444">{}</text>"##, top + 36.0, esc(label));
        hemicycle_group(&mut body, s, colours, cx, top + 266.0, 200.0);
    }
    let bottom = legend(&mut body, parties, colours, seats, 20.0, top + 306.0);
    document(width, bottom + 20.0, &body)
}

/// Each party's seat distribution from a projection: bars of the share of simulations
/// per seat count, the 5-95% interval and the mean.
pub fn distribution(heading: &str, parties: &[String], p: &Projection, colours: &[String]) -> String {
    let shown: Vec<usize> = (0..parties.len()).filter(|&i| p.parties[i].p95 > 0 || p.parties[i].mean > 0.0).collect();
    let max_seats = shown.iter().map(|&i| p.parties[i].distribution.len()).max().unwrap_or(1).max(2) as f64;
    let names = shown.iter().map(|&i| text_width(&parties[i], 14.0)).fold(160.0, f64::max);
    let (left, width, row) = (40.0 + names, 620.0, 70.0);
    let mut body = String::new();
    let top = title(&mut body, heading, left + width + 40.0);
    let _ = writeln!(body, r##"<text x="20" y="{:.0}" font-size="13" fill="#555">{} simulations, seed {}; bars: share of simulations per number of seats; line: 5-95% interval; dot: mean</text>"##, top + 22.0, p.sims, p.seed);
    let top0 = top + 46.0;
    let x = |s: f64| left + width * s / max_seats;
    for (k, &i) in shown.iter().enumerate() {
        let pp = &p.parties[i];
        let top = top0 + k as f64 * row;
        let peak = pp.distribution.iter().copied().max().unwrap_or(1).max(1) as f64;
        let _ = writeln!(body, r##"<text x="20" y="{:.1}" font-size="14" fill="#222">{}</text>"##, top + 30.0, esc(&parties[i]));
        let _ = writeln!(body, r##"<text x="20" y="{:.1}" font-size="12" fill="#555">mean {:.1}, 90%: {}–{}</text>"##, top + 48.0, pp.mean, pp.p5, pp.p95);
        let bw = (width / max_seats).max(1.0);
        for (s, &c) in pp.distribution.iter().enumerate() {
            if c == 0 {
                continue;
            }
            let h = 44.0 * c as f64 / peak;
            let _ = writeln!(body, r#"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{h:.2}" fill="{}" opacity="0.85"/>"#, x(s as f64), top + 50.0 - h, (bw - 0.5).max(0.8), colours[i]);
        }
        let _ = writeln!(body, r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#222" stroke-width="2"/>"##, x(pp.p5 as f64 + 0.5), top + 58.0, x(pp.p95 as f64 + 0.5), top + 58.0);
        let _ = writeln!(body, r##"<circle cx="{:.1}" cy="{:.1}" r="4" fill="#222"/>"##, x(pp.mean + 0.5), top + 58.0);
    }
    let axis_y = top0 + shown.len() as f64 * row + 10.0;
    let _ = writeln!(body, r##"<line x1="{left}" y1="{axis_y:.1}" x2="{:.1}" y2="{axis_y:.1}" stroke="#888"/>"##, left + width);
    let step = ((max_seats / 10.0).ceil() as usize).max(1);
    for s in (0..max_seats as usize).step_by(step) {
        let _ = writeln!(body, r##"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle" fill="#555">{s}</text>"##, x(s as f64 + 0.5), axis_y + 16.0);
    }
    let _ = writeln!(body, r##"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="middle" fill="#555">seats</text>"##, left + width / 2.0, axis_y + 34.0);
    document(left + width + 40.0, axis_y + 50.0, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seat_is_drawn_once() {
        for n in [1u32, 2, 10, 98, 150, 349, 630] {
            let (pos, r) = seat_positions(n);
            assert_eq!(pos.len(), n as usize);
            assert!(r > 0.0);
            // No two dots overlap.
            for (i, a) in pos.iter().enumerate() {
                for b in &pos[i + 1..] {
                    let d = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
                    assert!(d >= 2.0 * r * 0.99, "n = {n}: seats {a:?} and {b:?} overlap (r = {r})");
                }
            }
        }
    }

    #[test]
    fn names_are_escaped() {
        let s = hemicycle("A & B <x>", &["Q&A".into()], &[3], &["#000".into()]);
        assert!(s.contains("A &amp; B &lt;x&gt;") && s.contains("Q&amp;A"));
        assert_eq!(s.matches("<circle").count(), 3);
    }
}
