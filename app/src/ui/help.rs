//! The public help centre at `/help`: rendered on the server and sent without
//! the application's WebAssembly (see the shell), so it is quick, readable with
//! scripts off, and works with plain links and forms.

mod help_article_page;
mod help_home;
mod help_layout;

pub use help_article_page::HelpArticlePage;
pub use help_home::HelpHome;
pub use help_layout::HelpLayout;

/// Whether `path` is a help-centre page (served without WebAssembly).
pub fn is_help_path(path: &str) -> bool {
    path == "/help" || path.starts_with("/help/")
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_help_centre_paths_are_static() {
        assert!(super::is_help_path("/help"));
        assert!(super::is_help_path("/help/lost-keys"));
        assert!(!super::is_help_path("/helpdesk"));
        assert!(!super::is_help_path("/agent"));
    }
}
