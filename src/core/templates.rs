//! Preset task configs (`keylabel init --template NAME`).

/// Name, one-line description, config text.
pub const TEMPLATES: &[(&str, &str, &str)] = &[
    (
        "boxes",
        "draw labelled boxes on images",
        r##"[task]
name = "Boxes on images"
media = "image"
idle_after_s = 30

[[labels]]
name = "object"
color = "#e6194b"
hotkey = "1"

[[controls]]
name = "boxes"
type = "boxes"
"##,
    ),
    (
        "image-classification",
        "pick one label per image; one key picks, submits and advances",
        r##"[task]
name = "Image classification"
media = "image"
advance_on_choice = true

[[labels]]
name = "yes"
hotkey = "1"

[[labels]]
name = "no"
hotkey = "2"

[[controls]]
name = "label"
type = "choice"
"##,
    ),
    (
        "text-classification",
        "pick one label per text record",
        r##"[task]
name = "Text classification"
media = "text"
show = ["text"]
advance_on_choice = true

[[labels]]
name = "positive"
hotkey = "1"

[[labels]]
name = "negative"
hotkey = "2"

[[labels]]
name = "neutral"
hotkey = "3"

[[controls]]
name = "label"
type = "choice"
"##,
    ),
];

pub fn template(name: &str) -> Option<&'static str> {
    TEMPLATES.iter().find(|t| t.0 == name).map(|t| t.2)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_template_is_a_valid_config() {
        for (name, _, text) in super::TEMPLATES {
            if let Err(e) = crate::core::TaskConfig::from_toml_str(text) {
                panic!("template {name}: {e}");
            }
        }
    }
}
