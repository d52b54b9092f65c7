//! The `readout` binary: glue around the library (see `cli`).

mod cli;

use std::process::ExitCode;

/// mimalloc: extraction allocates many small strings; glibc's allocator cost about 12% of its
/// time (README, Dependencies).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(error) => {
            // A closed pipe (`readout query calls | head`) is not an error.
            let broken_pipe = error.chain().any(|cause| {
                cause
                    .downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            }) || format!("{error:#}").contains("Broken pipe");
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("readout: {error:#}");
            ExitCode::from(1)
        }
    }
}
