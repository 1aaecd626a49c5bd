//! Recognises scraped-page boilerplate (share buttons, ads, comment prompts, photo credits, ...).
