//! keylabel.toml / task.toml: parsed, validated, and written back.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(config) = keylabel::core::TaskConfig::from_toml_str(text) {
        // What we write must read back: a project must always reopen.
        let again = keylabel::core::TaskConfig::from_toml_str(&config.to_toml());
        assert!(
            again.is_ok(),
            "written config does not read back: {again:?}"
        );
    }
});
