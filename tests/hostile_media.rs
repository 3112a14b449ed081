//! Media a photo library really holds: CMYK JPEGs (print workflows) and files the user may
//! not read. Each is either shown or reported by name; the rest of the folder loads.

mod common;
use common::*;
#[cfg(unix)]
use std::process::Command;

#[test]
fn a_clip_that_trips_the_decoder_is_named_and_the_rest_comes_in() {
    let t = tempfile::tempdir().unwrap();
    let clips = t.path().join("clips");
    std::fs::create_dir_all(&clips).unwrap();
    keylabel::io::audio::write_wav(&clips.join("good.wav"), 8000, &[0.1; 8000]).unwrap();
    // A header claiming 32,768 channels overflows inside the WAV reader (a panic in this
    // test build, where overflow is checked; the guard makes it the file's error).
    let mut wav = b"RIFF\x30\0\0\0WAVEfmt \x10\0\0\0\x01\0\0\x80".to_vec();
    wav.extend_from_slice(&16_000u32.to_le_bytes());
    wav.extend_from_slice(&32_000u32.to_le_bytes());
    wav.extend_from_slice(b"\x02\0\x10\0data\x04\0\0\0\x01\0\x02\0");
    std::fs::write(clips.join("bad.wav"), &wav).unwrap();
    let p = t.path().join("p");
    let o = keylabel(&[&"init", &p, &"--media", &clips, &"--labels", &"speech"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("bad.wav"), "{}", stderr(&o));
    let rows = export_rows(&p, "all");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["media"], "good.wav");
}

#[test]
fn a_cmyk_jpeg_is_sized_and_decoded() {
    let t = tempfile::tempdir().unwrap();
    let imgs = t.path().join("imgs");
    write_cmyk_jpeg(&imgs.join("print.jpg"), 40, 24);
    write_jpeg(&imgs.join("rgb.jpg"), 16, 16, None);
    let p = t.path().join("p");
    ok(&[&"init", &p, &"--media", &imgs]);
    let rows = export_rows(&p, "all");
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (rows[0]["width"].as_u64(), rows[0]["height"].as_u64()),
        (Some(40), Some(24))
    );
    let d = keylabel::io::decode::decode_for_display(&imgs.join("print.jpg"), 512).unwrap();
    assert_eq!((d.rgba.width(), d.rgba.height()), (40, 24));
    // The first block got a DC step the others did not: the picture is not one flat color.
    assert_ne!(d.rgba.get_pixel(0, 0), d.rgba.get_pixel(39, 23));
}

/// Runs the binary as a user who cannot read `secret.jpg`. Root reads every file, so as
/// root (CI) the command runs as `nobody` through setpriv; `None` where neither works.
#[cfg(unix)]
fn as_unprivileged(args: &[&std::path::Path]) -> Option<std::process::Output> {
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let mut cmd = if is_root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
        c.arg(env!("CARGO_BIN_EXE_keylabel"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_keylabel"))
    };
    cmd.args(args).env("HOME", args[0].parent()?);
    // setpriv missing (an Err) or refused (its own message, e.g. no CAP_SETUID in a
    // container): not this test's business.
    cmd.output()
        .ok()
        .filter(|o| !(is_root && String::from_utf8_lossy(&o.stderr).starts_with("setpriv:")))
}

#[test]
#[cfg(unix)] // file modes
fn an_unreadable_file_is_reported_by_name_and_the_rest_loads() {
    use std::os::unix::fs::PermissionsExt;
    let t = tempfile::tempdir().unwrap();
    let base = t.path().join("shared");
    let imgs = base.join("imgs");
    write_jpeg(&imgs.join("a.jpg"), 16, 16, None);
    write_jpeg(&imgs.join("b.jpg"), 16, 16, None);
    write_jpeg(&imgs.join("secret.jpg"), 16, 16, None);
    let mode = |p: &std::path::Path, m: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap()
    };
    // Everyone may enter and write the work folder; only secret.jpg is closed.
    mode(t.path(), 0o755);
    mode(&base, 0o777);
    mode(&imgs.join("secret.jpg"), 0o000);
    let p = base.join("proj");
    let init = std::path::Path::new("init");
    let flag = std::path::Path::new("--media");
    let Some(o) = as_unprivileged(&[init, &p, flag, &imgs]) else {
        eprintln!("skipped: cannot run as an unprivileged user here");
        return;
    };
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("secret.jpg") && err.to_lowercase().contains("permission denied"),
        "{err}"
    );
    mode(&imgs.join("secret.jpg"), 0o644);
    let rows = export_rows(&p, "all");
    let media: Vec<_> = rows.iter().map(|r| r["media"].as_str().unwrap()).collect();
    assert_eq!(media, ["a.jpg", "b.jpg"]);
}

/// In the app: the CMYK photo is shown; a photo deleted after init says why, by name, and
/// the next one still loads.
#[cfg(feature = "gui")]
#[test]
fn the_app_shows_cmyk_and_names_a_vanished_file() {
    use common::ui::{harness, key, wait_loaded, work};
    use egui_kittest::kittest::Queryable;
    let t = tempfile::tempdir().unwrap();
    let imgs = t.path().join("imgs");
    write_cmyk_jpeg(&imgs.join("a_print.jpg"), 40, 24);
    write_jpeg(&imgs.join("b_gone.jpg"), 16, 16, None);
    write_jpeg(&imgs.join("c_rgb.jpg"), 16, 16, None);
    let p = t.path().join("p");
    ok(&[&"init", &p, &"--media", &imgs, &"--labels", &"cat"]);
    std::fs::remove_file(imgs.join("b_gone.jpg")).unwrap();
    let mut h = harness(&p);
    wait_loaded(&mut h);
    assert!(h.query_by_label_contains("cannot be shown").is_none());
    key(&mut h, egui::Key::D);
    wait_loaded(&mut h);
    assert!(
        h.query_by_label_contains("This image cannot be shown")
            .is_some()
    );
    // The message names the file by its full path (the item list shows the bare name).
    let full = imgs.join("b_gone.jpg").display().to_string();
    assert!(h.query_by_label_contains(&full).is_some());
    assert!(h.query_by_label_contains("the file is not there").is_some());
    key(&mut h, egui::Key::D);
    wait_loaded(&mut h);
    let item = work(&h).session.item.clone().unwrap();
    assert_eq!(item.media.as_deref(), Some("c_rgb.jpg"));
    assert!(h.query_by_label_contains("cannot be shown").is_none());
}
