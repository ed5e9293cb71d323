/**
 * Data worker: gets MovieLens onto the device and answers what the UI asks of it. This entry only
 * assembles `DataApi` (data-api.ts) for comlink; each job lives in workers/data/: the stored data
 * sets (storedSets), the host's releases and verified download (loadServer, download), the user's
 * own import (importRelease), the summary's figures (summary) and the catalogue's counts
 * (catalog). Its one piece of state, the per-version cache of tables and counts, is `cache`.
 */
import type { DataApi } from './data-api';
import { CatalogCache } from './data/catalog';
import { importFiles } from './data/importRelease';
import { loadFromServer, served } from './data/loadServer';
import { activate, datasets, openStored } from './data/storedSets';
import { exposeApi } from './expose';

const cache = new CatalogCache();

const api: DataApi = {
  openStored,
  served,
  datasets,
  activate,
  loadFromServer,
  importFiles,
  catalog: () => cache.catalog(),
  popularityAmong: (d) => cache.popularityAmong(d),
};
exposeApi(api);
