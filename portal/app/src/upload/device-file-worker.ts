/** The Web Worker that reads device files off the page's thread (`readDeviceFile` starts it). */
import { answerReadRequest, type ReadAnswer, type ReadRequest } from './read-device-file.js';

/** The part of a dedicated worker's global scope used here (the app is typed with the DOM's types). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<ReadRequest>) => void) | null;
  postMessage(message: ReadAnswer): void;
}

const scope = self as unknown as WorkerScope;
scope.onmessage = (event) => {
  void answerReadRequest(event.data).then((answer) => {
    scope.postMessage(answer);
  });
};
