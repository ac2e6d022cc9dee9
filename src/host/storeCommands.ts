// The Store view's commands: search, refresh, and open, delete, copy an item.
import * as vscode from "vscode";
import type { Deployment } from "./deployment";
import { openStoreItem, storeItemUri } from "./storeDocuments";
import { namespaceText, parseNamespace } from "./storeRows";
import type { StoreItemRow, StoreTreeProvider } from "./storeTree";

/** The Store commands' handlers, by command name (registered with the others in commands.ts). */
export function storeHandlers(deployment: Deployment, tree: StoreTreeProvider) {
  const itemOf = (row?: StoreItemRow) => {
    if (!row?.item) throw new Error("Pick an item in the Store view.");
    return row.item;
  };
  return {
    refreshStore: async () => tree.refresh(),
    searchStore: async () => {
      const prefix = await vscode.window.showInputBox({
        title: "LangGraph: search the store (1/2)",
        prompt: "Namespace prefix, labels separated by / (empty: every namespace)",
        placeHolder: "users/ada",
        value: namespaceText(tree.search?.prefix ?? []).replace(/ \/ /g, "/"),
      });
      if (prefix === undefined) return;
      const query = await vscode.window.showInputBox({
        title: "LangGraph: search the store (2/2)",
        prompt: "Words to look for in the items (semantic search when the deployment has an index; else a plain text match). Empty: every item.",
        value: tree.search?.query ?? "",
      });
      if (query === undefined) return;
      tree.setSearch({ prefix: parseNamespace(prefix), query: query.trim() || undefined });
    },
    clearStoreSearch: async () => tree.setSearch(undefined),
    openStoreItem: async (row?: StoreItemRow) => {
      const { namespace, key } = itemOf(row);
      await openStoreItem({ namespace, key });
    },
    deleteStoreItem: async (row?: StoreItemRow) => {
      const { namespace, key } = itemOf(row);
      const remove = "Delete";
      const choice = await vscode.window.showWarningMessage(`Delete "${key}" from ${namespaceText(namespace)}?`, { modal: true, detail: `The item is deleted from the store of ${deployment.url}; this cannot be undone.` }, remove);
      if (choice !== remove) return;
      await (await deployment.client()).store.delete(namespace, key);
      tree.refresh();
      await closeItemTabs(storeItemUri({ namespace, key }));
    },
    copyStoreValue: async (row?: StoreItemRow) => {
      await vscode.env.clipboard.writeText(JSON.stringify(itemOf(row).value, null, 2));
      void vscode.window.setStatusBarMessage("LangGraph: item value copied", 3000);
    },
  };
}

/** Closes the tabs of a deleted item that hold no edit (an edited one stays: its save asks before making the item again). */
async function closeItemTabs(uri: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString() && !tab.isDirty);
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}
