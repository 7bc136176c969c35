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
}

impl WebState {
    pub fn new(app: App) -> Self {
        let catalogue = Arc::new(Catalogue::load());
        WebState {
            app,
            renderer: Arc::new(Renderer::new(catalogue.clone())),
            catalogue,
        }
    }
}
