import type { EngineEvent, EngineResponse, Inspection } from './protocol.ts';

/**
 * The buffers a Worker message can hand over instead of copying: only arrays the engine made for that
 * message, never data it keeps (a transferred buffer is gone from the Worker). Listed by message type,
 * so a new message keeps its arrays unless someone says they are its own.
 */
export function transferablesOf(message: EngineResponse | EngineEvent): ArrayBuffer[] {
  switch (message.type) {
    case 'codes':
      return buffers(message.codes, message.top?.codes);
    case 'images':
      return buffers(message.images);
    case 'logits':
      return buffers(message.logits);
    case 'latents':
      return buffers(message.latents);
    case 'inspection':
      return inspectionBuffers(message);
    case 'snapshot': {
      const { reconstruction, inspection } = message.snapshot;
      return [...buffers(reconstruction?.images), ...(inspection ? inspectionBuffers(inspection) : [])];
    }
    default:
      return [];
  }
}

function inspectionBuffers(inspection: Inspection): ArrayBuffer[] {
  return buffers(inspection.latents, inspection.codebook);
}

function buffers(...arrays: (ArrayBufferView | undefined)[]): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  for (const array of arrays) if (array && array.buffer instanceof ArrayBuffer && array.buffer.byteLength > 0) found.add(array.buffer);
  return [...found];
}
