//! Windows: the console window behind the desktop app.
//!
//! One binary is both the command-line tool and the app, so Windows gives it a console. Started
//! from a terminal that console is the terminal's and stays (the app's messages go there).
//! Started from Explorer — a double click, a folder dropped on it — Windows makes a console for
//! it alone: an empty black window that closes the app when closed. The app lets go of that
//! one, so only its own window remains, and shows an error it cannot start with in a dialog.

/// Whether the console window (if any) was made for this process alone.
pub fn is_own(processes_on_console: u32) -> bool {
    // A terminal counts itself (cmd.exe, powershell, conhost's client) besides us.
    processes_on_console == 1
}

/// Lets go of a console made for this process alone; true when it did (stderr is gone then).
pub fn release_own() -> bool {
    is_own(sys::processes_on_console()) && sys::free_console()
}

#[cfg(windows)]
mod sys {
    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn GetConsoleProcessList(process_list: *mut u32, count: u32) -> u32;
        fn FreeConsole() -> i32;
    }

    /// How many processes share this one's console; 0 when it has none.
    pub fn processes_on_console() -> u32 {
        let mut ids = [0u32; 4];
        // SAFETY: the buffer holds `ids.len()` process ids, as the call is told; it writes
        // no more (a bigger count is only returned, not written).
        unsafe { GetConsoleProcessList(ids.as_mut_ptr(), ids.len() as u32) }
    }

    pub fn free_console() -> bool {
        // SAFETY: no arguments; it only detaches this process from its console.
        unsafe { FreeConsole() != 0 }
    }
}

/// Elsewhere a program started from the desktop has no console window to hide.
#[cfg(not(windows))]
mod sys {
    pub fn processes_on_console() -> u32 {
        0
    }

    pub fn free_console() -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_console_of_our_own_is_released() {
        assert!(is_own(1), "made for us by Explorer");
        assert!(!is_own(2), "a terminal's: its messages must stay visible");
        assert!(!is_own(0), "no console at all");
    }

    #[cfg(not(windows))]
    #[test]
    fn nothing_is_released_off_windows() {
        assert!(
            !release_own(),
            "a terminal's messages must never be cut off"
        );
    }
}
