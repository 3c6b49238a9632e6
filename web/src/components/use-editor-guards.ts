import { useEffect } from 'react';

/**
 * Ctrl+S / ⌘+S saves the document being edited instead of opening the browser's "save page" dialog.
 * Off while the document cannot be edited (a viewer, or a published version).
 */
export function useSaveShortcut(enabled: boolean, save: () => unknown): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled, save]);
}

/** While there are unsaved edits, closing or reloading the tab asks first (the browser's own dialog). */
export function useUnsavedChangesWarning(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
}
