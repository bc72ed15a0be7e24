"""Publishing: the notebook model, pages, the site, the teaching kit, the build, the data package."""
