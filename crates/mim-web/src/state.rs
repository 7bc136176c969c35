//! What every handler shares.

use crate::i18n::Catalogue;
use crate::render::Renderer;
use mim_app::App;
use std::sync::Arc;

#[derive(Clone)]
pub struct WebState {
    pub app: App,
    pub catalogue: Arc<Catalogue>,
    pub renderer: Arc<Renderer>,
    /// The public form's CSRF key and rate limiter.
    pub public: Arc<crate::public::Guard>,
}

impl WebState {
    pub fn new(app: App) -> Self {
        let catalogue = Arc::new(Catalogue::load());
        WebState {
            app,
            renderer: Arc::new(Renderer::new(catalogue.clone())),
            catalogue,
            public: Arc::new(crate::public::Guard::new(Default::default())),
        }
    }
}
