/** The seeded generators live with the model module, which must import nothing outside itself; data shares them. */
export { mulberry32, seededPermutation } from '../vq/random.ts';
