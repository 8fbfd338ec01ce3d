//! Embeds the VADER word lexicon without the raters' raw scores, which the
//! engine never reads (each line keeps the token and its mean valence): a
//! third of the lexicon's bytes, shipped in every browser bundle.

use std::{env, fs, path::Path};

fn main() {
    let src = "src/engine/sentiment/data/vader_lexicon.txt";
    println!("cargo:rerun-if-changed={src}");
    let text = fs::read_to_string(src).expect("the VADER lexicon");
    let mut out = String::with_capacity(text.len() / 3);
    for line in text.trim_end_matches('\n').split('\n') {
        let mut fields = line.split('\t');
        if let (Some(token), Some(mean)) = (fields.next(), fields.next()) {
            out.push_str(token);
            out.push('\t');
            out.push_str(mean);
            out.push('\n');
        }
    }
    let dest = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("vader_lexicon.tsv");
    fs::write(dest, out).expect("write the trimmed lexicon");
}
