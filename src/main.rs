fn main() {
    std::process::exit(covalue::cli::run());
}
