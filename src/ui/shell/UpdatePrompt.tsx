import { useRegisterSW } from 'virtual:pwa-register/react';

/**
 * Registers the service worker (offline use) and, when a new version has been downloaded, asks
 * before switching: the app never changes under the user.
 */
export function UpdatePrompt() {
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW();
  if (!needRefresh) return null;
  return (
    <div className="update-banner" role="status" data-testid="update-available">
      <span>A new version of Reel is available.</span>
      <span className="buttons">
        <button type="button" className="primary" onClick={() => void updateServiceWorker(true)}>
          Update now
        </button>
        <button type="button" onClick={() => setNeedRefresh(false)}>
          Later
        </button>
      </span>
    </div>
  );
}
