// Decap CMS waits for setup.js, which registers the format before the configuration is read.
window.CMS_MANUAL_INIT = true;
