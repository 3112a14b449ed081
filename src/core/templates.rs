//! Preset task configs (`keylabel init --template NAME`): the configs of sample_data/, so
//! each preset has sample items beside it.

/// Name, one-line description, config text.
pub const TEMPLATES: &[(&str, &str, &str)] = &[
    (
        "boxes",
        "draw labelled boxes on images",
        include_str!("../../sample_data/boxes/task.toml"),
    ),
    (
        "outlines",
        "outline objects point by point (polygons, for segmentation masks)",
        include_str!("../../sample_data/outlines/task.toml"),
    ),
    (
        "rotated-boxes",
        "draw boxes turned to lie along objects at an angle (oriented boxes, Ultralytics OBB)",
        include_str!("../../sample_data/rotated-boxes/task.toml"),
    ),
    (
        "poses",
        "box each person and place their 17 keypoints (pose, as COCO and Ultralytics have it)",
        include_str!("../../sample_data/poses/task.toml"),
    ),
    (
        "ocr",
        "box each line of text in an image and type what it says",
        include_str!("../../sample_data/ocr/task.toml"),
    ),
    (
        "image-classification",
        "pick one label per image; one key picks, submits and advances",
        include_str!("../../sample_data/image-classification/task.toml"),
    ),
    (
        "image-captions",
        "judge whether a caption fits its photo (images listed with their captions)",
        include_str!("../../sample_data/image-captions/task.toml"),
    ),
    (
        "image-description",
        "write a photo's description from a model's draft (images listed with the drafts)",
        include_str!("../../sample_data/image-description/task.toml"),
    ),
    (
        "text-classification",
        "pick one label per text record",
        include_str!("../../sample_data/text-classification/task.toml"),
    ),
    (
        "named-entities",
        "mark people, organizations, places and dates in texts (click a word, drag across words)",
        include_str!("../../sample_data/named-entities/task.toml"),
    ),
    (
        "entity-relations",
        "link marked names: who works at, founded or was born where (J, then a click)",
        include_str!("../../sample_data/entity-relations/task.toml"),
    ),
    (
        "moderation",
        "flag the policies a post breaks, then how severe (multi-choice, a follow-up rating, flags)",
        include_str!("../../sample_data/moderation/task.toml"),
    ),
    (
        "rlhf-comparison",
        "pick the better of two model answers, rate confidence, flag issues",
        include_str!("../../sample_data/rlhf-comparison/task.toml"),
    ),
    (
        "image-comparison",
        "pick the picture that fits a prompt better (records naming two pictures)",
        include_str!("../../sample_data/image-comparison/task.toml"),
    ),
    (
        "tts-comparison",
        "pick the better of two readings of a sentence (records naming two clips)",
        include_str!("../../sample_data/tts-comparison/task.toml"),
    ),
    (
        "search-relevance",
        "grade a search result against its query on a 5-grade scale",
        include_str!("../../sample_data/search-relevance/task.toml"),
    ),
    (
        "response-correction",
        "correct a model's answer in a text field, then rate it",
        include_str!("../../sample_data/response-correction/task.toml"),
    ),
    (
        "speech-transcription",
        "validate or fix an ASR transcript while listening",
        include_str!("../../sample_data/speech-transcription/task.toml"),
    ),
    (
        "audio-segments",
        "mark labelled time segments on audio clips",
        include_str!("../../sample_data/audio-segments/task.toml"),
    ),
    (
        "segment-transcription",
        "mark what is said on a clip, phrase by phrase, and type its words (NeMo by segment)",
        include_str!("../../sample_data/segment-transcription/task.toml"),
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

    #[test]
    fn long_reading_tasks_wait_longer_before_the_timer_pauses() {
        for name in ["rlhf-comparison", "response-correction"] {
            let cfg = crate::core::TaskConfig::from_toml_str(super::template(name).unwrap());
            assert_eq!(cfg.unwrap().task.idle_after_s, 90, "{name}");
        }
    }
}
