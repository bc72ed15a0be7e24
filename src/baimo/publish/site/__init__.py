"""The reader's site: notebook pages, table pages, the article reader, the landing page, search,
downloads, and the renderer they share."""
